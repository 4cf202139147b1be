# Yrka in a container: `docker compose up -d` (compose.yaml) or see README "Run it on a server".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    YRKA_DB_PATH=/data/yrka.sqlite3

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY db ./db
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin yrka \
    && mkdir -p /data && chown yrka /data

# The database (and its -wal file) lives on a volume: upgrade by replacing the image.
VOLUME ["/data"]
USER yrka

# Healthy while the gateway connection is alive (the bot touches /data/yrka.health).
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 \
    CMD ["python", "-m", "bot", "health"]

ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
