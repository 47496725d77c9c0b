-- Schedules created through the REST API (cairn serve) live only in the catalog: origin 'api', with their
-- definition in cairn.yaml's schedule keys (a JSON object). The schedules of cairn.yaml have origin 'config' and
-- no definition here (the file is their source of truth).
ALTER TABLE backup_schedules ADD COLUMN origin VARCHAR(8) NOT NULL DEFAULT 'config';
ALTER TABLE backup_schedules ADD COLUMN definition ${json};
