import Storage

/// The audit log table: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE), hash-chained. It lives in
/// `<schema>_audit` (`AuditLog.schema(for:)`), not in routing's own schema, whose owner could drop it.
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

    /// Moves the log out of routing's schema. Installed (infra/postgres/install.sql made `<schema>_audit.audit_log`,
    /// owned by a role routing is not): the table migration 11 made here is dropped, empty. Not installed (a
    /// developer's database or the tests, one role for everything): the table moves to `<schema>_audit` itself,
    /// entries and triggers included; only the installed layout keeps the writer from switching the rule off.
    static let ownSchema = Migration(version: 32, name: "audit log in its own schema", sql: """
        DO $$
        DECLARE
            own text := current_schema();
            audit text := current_schema() || '_audit';
            installed boolean := EXISTS (
                SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = audit AND c.relname = 'audit_log');
        BEGIN
            IF to_regclass(format('%I.audit_log', own)) IS NULL THEN
                RETURN;
            ELSIF NOT installed THEN
                EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', audit);
                EXECUTE format('ALTER TABLE %I.audit_log SET SCHEMA %I', own, audit);
                EXECUTE format('ALTER FUNCTION %I.audit_log_refuse_change() SET SCHEMA %I', own, audit);
            ELSIF EXISTS (SELECT FROM audit_log) THEN
                RAISE EXCEPTION 'both %.audit_log and %.audit_log hold entries: move them by hand before upgrading', own, audit;
            ELSE
                DROP TABLE audit_log;
                DROP FUNCTION audit_log_refuse_change();
            END IF;
        END
        $$;
        """)
}
