-- Cairn catalog, version 1 (DESIGN §5). Portable between SQLite and PostgreSQL: ${id}, ${ts} and ${json} are
-- Flyway placeholders filled in per database (see Dialect.java). Everything is keyed by site, not one table per
-- site. The repositories stay the truth about snapshots; this is a record of jobs and a cache.

CREATE TABLE sites (
    id ${id},
    name VARCHAR(64) NOT NULL UNIQUE,
    database_url VARCHAR(1000),
    created_at ${ts} NOT NULL,
    updated_at ${ts} NOT NULL
);

CREATE TABLE locations (
    id ${id},
    name VARCHAR(64) NOT NULL UNIQUE,
    url VARCHAR(2000) NOT NULL,
    created_at ${ts} NOT NULL,
    updated_at ${ts} NOT NULL
);

CREATE TABLE backup_schedules (
    id ${id},
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    name VARCHAR(64) NOT NULL,
    backup_type VARCHAR(16) NOT NULL,
    frequency VARCHAR(16) NOT NULL,
    cron VARCHAR(200),
    description VARCHAR(200) NOT NULL,
    timezone VARCHAR(64) NOT NULL,
    storage_locations ${json} NOT NULL,
    compression VARCHAR(8) NOT NULL,
    encryption VARCHAR(32) NOT NULL,
    retention_count INTEGER NOT NULL DEFAULT 0,
    retention_days INTEGER NOT NULL DEFAULT 0,
    retention ${json} NOT NULL,
    is_active BOOLEAN NOT NULL,
    catch_up BOOLEAN NOT NULL,
    last_run_at ${ts},
    last_status VARCHAR(16),
    next_run_at ${ts},
    notify_on_success BOOLEAN NOT NULL,
    notify_on_failure BOOLEAN NOT NULL,
    notify_emails ${json} NOT NULL,
    created_at ${ts} NOT NULL,
    updated_at ${ts} NOT NULL,
    UNIQUE (site_id, name)
);

CREATE TABLE backups (
    id ${id},
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    schedule_id BIGINT REFERENCES backup_schedules(id) ON DELETE SET NULL,
    name VARCHAR(200) NOT NULL,
    backup_type VARCHAR(16) NOT NULL,
    trigger_type VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    location VARCHAR(64) NOT NULL,
    storage_locations ${json} NOT NULL,
    snapshot_id VARCHAR(64),
    size_bytes BIGINT,
    added_bytes BIGINT,
    compression VARCHAR(8) NOT NULL,
    encryption VARCHAR(32) NOT NULL,
    includes ${json} NOT NULL,
    excludes ${json} NOT NULL,
    checksum VARCHAR(128),
    is_verified BOOLEAN NOT NULL DEFAULT FALSE,
    verified_at ${ts},
    total_files BIGINT,
    total_records BIGINT,
    duration_ms BIGINT,
    database_version VARCHAR(200),
    app_version VARCHAR(100),
    metadata ${json},
    error VARCHAR(4000),
    expires_at ${ts},
    is_protected BOOLEAN NOT NULL DEFAULT FALSE,
    created_by VARCHAR(200) NOT NULL,
    created_at ${ts} NOT NULL,
    started_at ${ts},
    completed_at ${ts}
);
CREATE INDEX backups_site_created ON backups (site_id, created_at);
CREATE INDEX backups_snapshot ON backups (snapshot_id);

CREATE TABLE restore_jobs (
    id ${id},
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    backup_id BIGINT REFERENCES backups(id) ON DELETE SET NULL,
    snapshot_id VARCHAR(64) NOT NULL,
    restore_type VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    options ${json},
    selective_items ${json} NOT NULL,
    overwrite_existing BOOLEAN NOT NULL,
    create_backup_before BOOLEAN NOT NULL,
    pre_restore_backup_id BIGINT REFERENCES backups(id) ON DELETE SET NULL,
    progress_current BIGINT NOT NULL DEFAULT 0,
    progress_total BIGINT NOT NULL DEFAULT 0,
    progress_step VARCHAR(200),
    restored_files BIGINT NOT NULL DEFAULT 0,
    restored_records BIGINT NOT NULL DEFAULT 0,
    errors VARCHAR(4000),
    duration_ms BIGINT,
    created_by VARCHAR(200) NOT NULL,
    created_at ${ts} NOT NULL,
    started_at ${ts},
    completed_at ${ts}
);
CREATE INDEX restore_jobs_site_created ON restore_jobs (site_id, created_at);

CREATE TABLE job_runs (
    id ${id},
    kind VARCHAR(16) NOT NULL,
    site_id BIGINT REFERENCES sites(id) ON DELETE CASCADE,
    schedule_id BIGINT REFERENCES backup_schedules(id) ON DELETE SET NULL,
    trigger_type VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    message VARCHAR(4000),
    nominal_at ${ts},
    started_at ${ts} NOT NULL,
    finished_at ${ts}
);
CREATE INDEX job_runs_status ON job_runs (status);

CREATE TABLE job_logs (
    id ${id},
    job_run_id BIGINT NOT NULL REFERENCES job_runs(id) ON DELETE CASCADE,
    at ${ts} NOT NULL,
    level VARCHAR(8) NOT NULL,
    message VARCHAR(4000) NOT NULL
);
CREATE INDEX job_logs_run ON job_logs (job_run_id, id);

CREATE TABLE api_tokens (
    id ${id},
    name VARCHAR(200) NOT NULL,
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    token_prefix VARCHAR(16) NOT NULL,
    scope VARCHAR(16) NOT NULL,
    created_by VARCHAR(200) NOT NULL,
    created_at ${ts} NOT NULL,
    expires_at ${ts},
    last_used_at ${ts},
    revoked_at ${ts}
);

CREATE TABLE audit_log (
    id ${id},
    at ${ts} NOT NULL,
    actor VARCHAR(200) NOT NULL,
    action VARCHAR(100) NOT NULL,
    target VARCHAR(400),
    details ${json},
    remote_address VARCHAR(100)
);
CREATE INDEX audit_log_at ON audit_log (at);
