-- The clinic's jurisdiction, the exact text each consent agreed to, and
-- consultation visits.
--
-- A treatment type's off-label disclosure depends on where the clinic
-- practises (ClinicSettings.jurisdiction), so the text a patient signs is
-- no longer the plugin's document alone: the consent keeps it word for
-- word. Consents recorded before this migration keep an empty text (their
-- disclosure_sha256 still identifies the document's full_text).

-- An ISO 3166-1 alpha-2 code in upper case, or '' when not said.
ALTER TABLE clinic_settings ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT ''
  CHECK (jurisdiction = '' OR length(jurisdiction) = 2);

ALTER TABLE consents ADD COLUMN disclosure_text TEXT NOT NULL DEFAULT '';

-- The text is evidence like the rest of the row: never changed once
-- written (consents_withdraw_only guards the other columns).
CREATE TRIGGER consents_disclosure_text_fixed
BEFORE UPDATE OF disclosure_text ON consents
WHEN NEW.disclosure_text IS NOT OLD.disclosure_text
BEGIN
  SELECT RAISE(ABORT, 'a consent changes only once, when it is withdrawn');
END;

-- A session's kind: 1 a treatment (every session before this migration),
-- 2 a consultation, which names no treatment type ('') and is completed
-- with notes instead of a treatment record.
ALTER TABLE sessions ADD COLUMN kind INTEGER NOT NULL DEFAULT 1
  CHECK (kind IN (1, 2));
ALTER TABLE sessions ADD COLUMN consultation_notes TEXT NOT NULL DEFAULT '';
