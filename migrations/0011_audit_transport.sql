-- Which transport carried each audited call: "grpc", or "connect" (the
-- Connect protocol over HTTP). Records written before this migration keep
-- an empty transport, and their hashes, which did not cover it.
ALTER TABLE audit_events ADD COLUMN transport TEXT NOT NULL DEFAULT '';
