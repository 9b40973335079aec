-- A booking asks for the closures that overlap its time: end after its
-- start, start before its end. closures_by_end (0006) finds the closures
-- still running or to come, but each one's row had to be read to test its
-- start: a clinic that records a year or two of holidays and absences ahead
-- read all of them for every booking and every day of a slot search (~130
-- on the bench's clinic: 7% of clinicd's time in book_distinct, issue 21).
-- With the start in the index, the test is made on the index entries and
-- only the closures that overlap are read from the table. The name is kept:
-- ListClosures asks for it (INDEXED BY).
DROP INDEX closures_by_end;
CREATE INDEX closures_by_end ON closures (end_time, start_time);
