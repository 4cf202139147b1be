"""Discord's API schema in the fake.

Every request body the bot sends is validated against its operation's schema in Discord's
official OpenAPI description (`tests/data/discord-api-spec/openapi.json`, MIT); every command
sync against the application-command rules that live only in Discord's prose documentation;
and two deprecated patterns are flagged. A schema or command-rule violation is answered
400/50035 as Discord would. Every violation is recorded in `fake.schema_violations` and in
this process's list of unclaimed violations, which tests/conftest.py checks after every test:
the test that caused it fails, naming the route, the field and the rule.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, _keywords, validators
from jsonschema.exceptions import ValidationError, best_match

if TYPE_CHECKING:
    from .server import FakeDiscord

SPEC_PATH = Path(__file__).resolve().parents[2] / "data" / "discord-api-spec" / "openapi.json"

# Application commands (docs: Interactions → Application Commands).
NAME_MAX = 32
DESCRIPTION_MAX = 100
MAX_OPTIONS = 25
MAX_CHOICES = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
COMMAND_CHARACTERS_MAX = 4000
CHAT_INPUT = 1
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING = 3


@dataclass(frozen=True)
class Violation:
    """One thing Discord would reject (or has deprecated) in a request."""

    route: str  # e.g. "PUT /applications/{application_id}/commands"
    field: str  # e.g. "[2].options[0].name_localizations.sv-SE"
    rule: str
    detail: str = ""

    def __str__(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.route}: field {self.field or '(body)'}: {self.rule}{detail}"


# ------------------------------------------------------------------ the OpenAPI description


@dataclass(frozen=True)
class _Operation:
    method: str
    template: str
    regex: re.Pattern[str]
    pointer: str | None  # JSON pointer to the application/json request body schema


class _Spec:
    """Discord's OpenAPI description, loaded once; one compiled validator per operation."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.operations: list[_Operation] = []
        for template, item in document["paths"].items():
            regex = re.compile(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)))
            for method, operation in item.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                content = (operation.get("requestBody") or {}).get("content") or {}
                pointer = None
                if "application/json" in content:
                    escaped = template.replace("~", "~0").replace("/", "~1")
                    pointer = (
                        f"#/paths/{escaped}/{method}/requestBody/content/application~1json/schema"
                    )
                self.operations.append(_Operation(method.upper(), template, regex, pointer))
        # A literal segment ("@original") beats a parameter ("{message_id}").
        self.operations.sort(key=lambda op: op.template.count("{"))
        self._validators: dict[str, Any] = {}
        # id(oneOf list) -> (the list, kept alive so the id stays its own; type values per alternative)
        self._discriminators: dict[int, tuple[list[Any], list[frozenset[Any]] | None]] = {}

    def operation(self, method: str, path: str) -> _Operation | None:
        """The documented operation of a request, or None."""
        for op in self.operations:
            if op.method == method and op.regex.fullmatch(path):
                return op
        return None

    def validator(self, pointer: str) -> Any:
        """The (cached) validator of one schema, with every $ref resolvable in the document."""
        found = self._validators.get(pointer)
        if found is None:
            root = dict(self.document)
            root["$ref"] = pointer
            found = self._validators[pointer] = _DiscriminatingValidator(root)
        return found

    def resolve(self, schema: Any) -> Any:
        """A schema with its local `$ref`s followed (the document's own pointers only)."""
        while isinstance(schema, dict) and str(schema.get("$ref", "")).startswith("#/"):
            node: Any = self.document
            for part in schema["$ref"][2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema = node
        return schema

    def type_values(self, alternatives: list[Any]) -> list[frozenset[Any]] | None:
        """Per `oneOf` alternative, the values of `type` it accepts (`const`/`enum`), or None
        when one alternative does not say (then no shortcut). Remembered per list."""
        key = id(alternatives)
        if key not in self._discriminators:
            values: list[frozenset[Any]] | None = []
            for alternative in alternatives:
                kind = self.resolve((self.resolve(alternative).get("properties") or {}).get("type"))
                if not isinstance(kind, dict) or not ("const" in kind or "enum" in kind):
                    values = None
                    break
                assert values is not None
                try:
                    values.append(frozenset([kind["const"]] if "const" in kind else kind["enum"]))
                except TypeError:  # an unhashable constant: no shortcut
                    values = None
                    break
            self._discriminators[key] = (alternatives, values)
        return self._discriminators[key][1]


def _one_of_by_type(validator: Any, alternatives: Any, instance: Any, schema: Any) -> Any:
    """`oneOf` whose alternatives are told apart by a `type` constant (components, options,
    interaction callbacks): validate against the one the body names, as Discord reads it,
    instead of all of them (jsonschema's plain `oneOf` tries every alternative: ~1 s for the
    bot's command tree). Any other `oneOf` is jsonschema's own."""
    kind = instance.get("type") if isinstance(instance, dict) else None
    values = spec().type_values(alternatives) if kind is not None else None
    if values is not None:
        matching = [i for i, accepted in enumerate(values) if kind in accepted]
        if len(matching) == 1:
            yield from validator.descend(
                instance, alternatives[matching[0]], schema_path=matching[0]
            )
            return
    yield from _keywords.oneOf(validator, alternatives, instance, schema)


_DiscriminatingValidator = validators.extend(Draft202012Validator, {"oneOf": _one_of_by_type})


@functools.cache
def spec() -> _Spec:
    """The parsed description (once per process, in FakeDiscord.start(): ~60 ms)."""
    return _Spec(json.loads(SPEC_PATH.read_text(encoding="utf-8")))


def _lenient(template: str, body: Any) -> Any:
    """Where the description is stricter than Discord (its README lists these), relax it:
    snowflakes sent as integers in allowed_mentions, recipient_id and attachments[].id, and
    `nsfw` on application commands, which Discord accepts but the file omits."""
    if isinstance(body, list):
        return [_lenient(template, item) for item in body]
    if not isinstance(body, dict):
        return body
    body = dict(body)
    if template.endswith("/commands") or template.endswith("/commands/{command_id}"):
        body.pop("nsfw", None)
    mentions = body.get("allowed_mentions")
    if isinstance(mentions, dict):
        body["allowed_mentions"] = {
            key: [str(v) for v in value] if key in ("users", "roles") and value else value
            for key, value in mentions.items()
        }
    if isinstance(body.get("recipient_id"), int):
        body["recipient_id"] = str(body["recipient_id"])
    if isinstance(body.get("attachments"), list):
        body["attachments"] = [
            a | {"id": str(a["id"])} if isinstance(a, dict) and "id" in a else a
            for a in body["attachments"]
        ]
    if isinstance(body.get("data"), dict):  # interaction callbacks wrap the message
        body["data"] = _lenient(template, body["data"])
    return body


def _field(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate_request(method: str, path: str, body: Any) -> list[Violation]:
    """The schema violations of one request body (none when the route documents no JSON body)."""
    if body is None:
        return []
    op = spec().operation(method, path)
    if op is None or op.pointer is None:
        return []
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    # Fresh objects: a fake that takes its violations forgets only its own.
    return [dataclasses.replace(v) for v in _verdict(method, op.template, op.pointer, text)]


@functools.lru_cache(maxsize=2048)
def _verdict(method: str, template: str, pointer: str, text: str) -> tuple[Violation, ...]:
    """The violations of one body, remembered: the bot syncs the same ~35 kB command tree at
    every start, whose options' `oneOf` costs jsonschema ~1-2 s; a repeat costs a lookup."""
    route = f"{method} {template}"
    found = []
    for error in spec().validator(pointer).iter_errors(_lenient(template, json.loads(text))):
        cause: ValidationError = best_match([error])
        rule = f"{cause.validator} {json.dumps(cause.validator_value, default=str)[:120]}"
        found.append(Violation(route, _field(cause.absolute_path), rule, cause.message[:200]))
    return tuple(found)


# ------------------------------------------------------------------ application commands


def _allowed_name_character(char: str) -> bool:
    # Discord's pattern ^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$
    if char in "-_'" or unicodedata.category(char)[0] in "LN":
        return True
    name = unicodedata.name(char, "")
    return name.startswith(("DEVANAGARI", "THAI"))


def _names(entity: Mapping[str, Any], key: str) -> Iterator[tuple[str, Any]]:
    yield key, entity.get(key)
    for locale, value in (entity.get(f"{key}_localizations") or {}).items():
        yield f"{key}_localizations.{locale}", value


def _check_name(route: str, where: str, entity: Mapping[str, Any], lower: bool) -> list[Violation]:
    found = []
    for key, value in _names(entity, "name"):
        field = f"{where}.{key}" if where else key
        if not isinstance(value, str) or not 1 <= len(value) <= NAME_MAX:
            found.append(Violation(route, field, "name: 1-32 characters", repr(value)))
            continue
        bad = [c for c in value if not _allowed_name_character(c)]
        if bad:
            found.append(
                Violation(
                    route,
                    field,
                    "name: Discord's pattern [-_'\\p{L}\\p{N}]",
                    f"{value!r} has {bad}",
                )
            )
        if lower and value != value.lower():
            found.append(Violation(route, field, "name: lower case", repr(value)))
    return found


def _check_text(
    route: str, where: str, entity: Mapping[str, Any], key: str, limit: int, rule: str
) -> list[Violation]:
    found = []
    for name, value in _names(entity, key):
        field = f"{where}.{name}" if where else name
        if not isinstance(value, str) or not 1 <= len(value) <= limit:
            found.append(Violation(route, field, rule, repr(value)[:120]))
    return found


def _check_options(route: str, where: str, options: list[Any]) -> list[Violation]:
    found = []
    if len(options) > MAX_OPTIONS:
        found.append(Violation(route, f"{where}.options", "at most 25 options", str(len(options))))
    seen_optional = False
    for index, option in enumerate(options):
        at = f"{where}.options[{index}]" if where else f"options[{index}]"
        found += _check_name(route, at, option, lower=True)
        found += _check_text(
            route, at, option, "description", DESCRIPTION_MAX, "description: 1-100 characters"
        )
        kind = option.get("type")
        if kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
            found += _check_options(route, at, option.get("options") or [])
            continue
        if option.get("required"):
            if seen_optional:
                found.append(
                    Violation(
                        route, at, "required options before optional ones", option.get("name", "")
                    )
                )
        else:
            seen_optional = True
        choices = option.get("choices") or []
        if len(choices) > MAX_CHOICES:
            found.append(Violation(route, f"{at}.choices", "at most 25 choices", str(len(choices))))
        for number, choice in enumerate(choices):
            place = f"{at}.choices[{number}]"
            found += _check_text(
                route, place, choice, "name", CHOICE_NAME_MAX, "choice name: 1-100 characters"
            )
            value = choice.get("value")
            if kind == STRING and (not isinstance(value, str) or len(value) > CHOICE_VALUE_MAX):
                found.append(
                    Violation(
                        route, f"{place}.value", "choice value: at most 100 characters", repr(value)
                    )
                )
    return found


def _characters(entity: Mapping[str, Any], locale: str | None) -> int:
    def text(key: str) -> str:
        localised = (entity.get(f"{key}_localizations") or {}).get(locale) if locale else None
        return str(localised or entity.get(key) or "")

    total = len(text("name")) + len(text("description"))
    for choice in entity.get("choices") or []:
        total += _characters(choice, locale) + len(str(choice.get("value", "")))
    for option in entity.get("options") or []:
        total += _characters(option, locale)
    return total


def check_command(route: str, command: Mapping[str, Any], where: str = "") -> list[Violation]:
    """Discord's documented rules for one application command, in every language it carries."""
    kind = command.get("type", CHAT_INPUT)
    found = _check_name(route, where, command, lower=kind == CHAT_INPUT)
    if kind == CHAT_INPUT:
        found += _check_text(
            route, where, command, "description", DESCRIPTION_MAX, "description: 1-100 characters"
        )
        found += _check_options(route, where, command.get("options") or [])
    locales = {
        None,
        *(command.get("name_localizations") or {}),
        *(command.get("description_localizations") or {}),
    }
    for locale in locales:
        if _characters(command, locale) > COMMAND_CHARACTERS_MAX:
            found.append(
                Violation(
                    route, where or "(command)", "at most 4000 characters in total", str(locale)
                )
            )
    return found


def check_command_sync(route: str, body: Any) -> list[Violation]:
    """Every command of a bulk overwrite (a list) or of one create (an object)."""
    if isinstance(body, list):
        return [
            v
            for index, command in enumerate(body)
            for v in check_command(route, command, f"[{index}]")
        ]
    if isinstance(body, dict):
        return check_command(route, body)
    return []


# ------------------------------------------------------------------ deprecated patterns


def check_modal(route: str, data: Mapping[str, Any]) -> list[Violation]:
    """A text input placed in an action row with its own label is deprecated: use a Label."""
    found = []
    for index, row in enumerate(data.get("components") or []):
        if row.get("type") != 1:
            continue
        for inner in row.get("components") or []:
            if inner.get("type") == 4 and "label" in inner:
                found.append(
                    Violation(
                        route,
                        f"data.components[{index}]",
                        "deprecated: a modal text input in an action row with its own label; "
                        "put it in a Label component (type 18)",
                        inner.get("custom_id", ""),
                    )
                )
    return found


FOLLOWUP_AFTER_THINKING = (
    "deprecated: a follow-up message right after defer(thinking=True) (kept by Discord only "
    "for backwards compatibility); edit the original response (PATCH …/messages/@original)"
)


# Every violation any fake in this process recorded that no test has claimed yet: after each
# test, tests/conftest.py fails the test if there are any (see `claim_unclaimed`).
_unclaimed: list[Violation] = []


def claim_unclaimed() -> list[Violation]:
    """The violations recorded since the last claim (and forget them)."""
    found = list(_unclaimed)
    _unclaimed.clear()
    return found


def unclaimed_report(found: list[Violation]) -> str:
    """The failure text: every violation with its route, field and rule."""
    listed = "\n  ".join(str(v) for v in found)
    return f"requests Discord would reject or has deprecated:\n  {listed}"


class SchemaMixin:
    """FakeDiscord's part about the schema: check, record, and answer 400/50035."""

    validate_schema: bool
    schema_violations: list[Violation]

    def check_request_schema(
        self: FakeDiscord, method: str, path: str, body: Any
    ) -> list[Violation]:
        """Validate a request body (when validation is on); record what is wrong."""
        if not self.validate_schema:
            return []
        return self.record_violations(validate_request(method, path, body))

    def record_violations(self: FakeDiscord, found: list[Violation]) -> list[Violation]:
        """Record violations found by the schema, the command rules or a deprecated-pattern
        check (here and in the unclaimed list that fails the running test)."""
        if not self.validate_schema:
            return []
        self.schema_violations.extend(found)
        _unclaimed.extend(found)
        return found

    def take_violations(self: FakeDiscord) -> list[Violation]:
        """This fake's violations, forgotten (for a test that provokes them on purpose)."""
        found = list(self.schema_violations)
        self.schema_violations.clear()
        mine = {id(v) for v in found}
        _unclaimed[:] = [v for v in _unclaimed if id(v) not in mine]
        return found

    def assert_schema_clean(self: FakeDiscord) -> None:
        """Fail with every violation (route, field, rule) this fake's requests had."""
        if self.schema_violations:
            raise AssertionError(unclaimed_report(self.schema_violations))
