-- When the email was handed to the SMTP server, committed just before the hand-over: after a crash, a SENDING row
-- without it was never handed over and can go out safely; only one with it may or may not have been sent.
alter table notification add column handed_at timestamptz;
