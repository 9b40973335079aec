-- Indexes for the two searches every booking and slot search makes
-- (bench/RESULTS.md, issue 8).

-- A booking asks for the closures that overlap its time: end after its
-- start, start before its end. With only closures_by_time (start_time),
-- that read every closure that ever started before the booking; by their
-- end, it reads only the closures still running or to come.
CREATE INDEX closures_by_end ON closures (end_time);

-- The slot search needs only who is busy when: with the state, the end and
-- both owners in the index, it reads no table rows. It starts with
-- start_time, so it also serves every query sessions_by_time served.
DROP INDEX sessions_by_time;
CREATE INDEX sessions_by_time ON sessions
  (start_time, end_time, state, practitioner_id, room_id);
