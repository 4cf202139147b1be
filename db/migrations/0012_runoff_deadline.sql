-- The chair's deadline for the second rounds of a locked beslutsgång (issue 15: "the chair
-- may set it"), given with /proposal lock. NULL: a second round closes after half the time
-- left before the item's deadline, as before.
ALTER TABLE proposal_locks ADD COLUMN runoff_at TEXT;
