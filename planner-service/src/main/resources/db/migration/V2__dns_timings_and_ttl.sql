-- When the lowered TTL is effective (an appointment may not move before it) and how the DNS switch went.
alter table migration add column ttl_effective_at timestamptz;
alter table migration add column dns_switch jsonb;
