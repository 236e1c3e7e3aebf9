import Storage

/// The audit log table: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE), hash-chained.
enum AuditMigrations {
    static let auditLog = Migration(version: 11, name: "audit log", sql: """
        CREATE TABLE audit_log (
            seq bigint PRIMARY KEY CHECK (seq > 0),
            at timestamptz NOT NULL,
            actor text NOT NULL,
            on_behalf_of text NULL,
            agency text NOT NULL,
            action text NOT NULL,
            subject text NOT NULL,
            details jsonb NOT NULL DEFAULT '{}',
            source text NULL,
            previous_hash bytea NOT NULL,
            hash bytea NOT NULL
        );
        CREATE INDEX audit_log_agency ON audit_log (agency, seq);

        CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'nhật ký chỉ được ghi thêm / the audit log is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$;
        CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
        """)
}
