-- QLVB installation step (bước cài đặt cơ sở dữ liệu): least privilege in PostgreSQL.
--
-- Each service connects as its own role (qlvb_intake, qlvb_routing, …) that owns the schema of the service's name
-- and has no right on any other schema: a service's tables are its own (docs/architecture.md). The audit log lives
-- in schema routing_audit, owned by qlvb_audit, a role nobody logs in as: routing may read it and append to it,
-- never change, delete or truncate it, nor switch its append-only trigger off.
--
-- Run by an administrator (a superuser, or the database's owner with CREATEROLE), through infra/postgres/install,
-- which reads the passwords from the environment; in compose by the db-install service, in Kubernetes by the
-- qlvb-db-install Job (infra/k8s/04-db-install.yaml holds a copy of this file; InfraTests checks they agree).
-- Idempotent: run it at installation and again after every upgrade. A database made before it (one shared role for
-- every service) is taken over: each schema and what is in it passes to the service's role, and routing's audit log
-- moves to routing_audit with its entries.
--
-- Settings (set_config before this script; infra/postgres/install sets them):
--   qlvb.role_prefix         role names are <prefix>_<service> and <prefix>_audit (default qlvb)
--   qlvb.password_<service>  the role's password: required when the role is created, changed when given later
DO $install$
DECLARE
    prefix text := coalesce(nullif(current_setting('qlvb.role_prefix', true), ''), 'qlvb');
    services text[] := ARRAY['intake', 'routing', 'signing', 'numbering', 'dispatch', 'archive', 'notifications'];
    service text;
    owner_role text;
    owner_oid oid;
    password text;
    auditor text := prefix || '_audit';
    writer text := prefix || '_routing';
    is_super boolean := (SELECT rolsuper FROM pg_roles WHERE rolname = current_user);
    obj record;
BEGIN
    -- Only the roles granted below connect; nobody creates objects in public.
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    REVOKE ALL ON SCHEMA public FROM PUBLIC;

    FOREACH service IN ARRAY services LOOP
        owner_role := prefix || '_' || service;
        password := nullif(current_setting('qlvb.password_' || service, true), '');
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = owner_role) THEN
            IF password IS NULL THEN
                RAISE EXCEPTION 'role % is new and has no password: set QLVB_%_DB_PASSWORD', owner_role, upper(service);
            END IF;
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', owner_role, password);
        ELSIF password IS NOT NULL THEN
            EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', owner_role, password);
        END IF;
        -- A non-superuser administrator acts through membership (CREATE SCHEMA … AUTHORIZATION, ALTER … OWNER).
        IF NOT is_super AND NOT pg_has_role(current_user, owner_role, 'MEMBER') THEN
            EXECUTE format('GRANT %I TO %I', owner_role, current_user);
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), owner_role);

        owner_oid := (SELECT oid FROM pg_roles WHERE rolname = owner_role);
        IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = service) THEN
            EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', service, owner_role);
        ELSE
            EXECUTE format('ALTER SCHEMA %I OWNER TO %I', service, owner_role);
            -- Tables, views and sequences a shared role made (sequences of a column follow their table).
            FOR obj IN
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = service AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> owner_oid
                  AND NOT (c.relkind = 'S' AND EXISTS (
                      SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
            LOOP
                EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', service, obj.relname, owner_role);
            END LOOP;
            FOR obj IN
                SELECT p.oid::regprocedure AS routine FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = service AND p.proowner <> owner_oid
            LOOP
                EXECUTE format('ALTER ROUTINE %s OWNER TO %I', obj.routine, owner_role);
            END LOOP;
        END IF;
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', service);
    END LOOP;

    -- The archive's search uses unaccent and pg_trgm (contrib, shipped with PostgreSQL) from schema extensions, made
    -- here because a service's role may not create schemas (archive's migration 20 only checks they are there);
    -- numbering's register search uses pg_trgm (its migration 22).
    IF to_regnamespace('extensions') IS NULL THEN
        CREATE SCHEMA extensions;
    END IF;
    CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA extensions;
    CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA extensions;
    REVOKE ALL ON SCHEMA extensions FROM PUBLIC;
    EXECUTE format('GRANT USAGE ON SCHEMA extensions TO %I', prefix || '_archive');
    EXECUTE format('GRANT USAGE ON SCHEMA extensions TO %I', prefix || '_numbering');

    -- The audit log: owned by a role without login, so the role that writes it cannot switch its rule off.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = auditor) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', auditor);
    END IF;
    IF NOT is_super AND NOT pg_has_role(current_user, auditor, 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', auditor, current_user);
    END IF;
    IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'routing_audit') THEN
        EXECUTE format('CREATE SCHEMA routing_audit AUTHORIZATION %I', auditor);
    ELSE
        EXECUTE format('ALTER SCHEMA routing_audit OWNER TO %I', auditor);
    END IF;
    IF to_regclass('routing_audit.audit_log') IS NULL THEN
        IF to_regclass('routing.audit_log') IS NOT NULL THEN
            -- Made by routing's migration 11 before this step existed: moved with its entries and triggers.
            ALTER TABLE routing.audit_log SET SCHEMA routing_audit;
            ALTER FUNCTION routing.audit_log_refuse_change() SET SCHEMA routing_audit;
        ELSE
            -- The same table as routing's migration 11 (AuditMigrations.swift).
            CREATE TABLE routing_audit.audit_log (
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
            CREATE INDEX audit_log_agency ON routing_audit.audit_log (agency, seq);
            CREATE FUNCTION routing_audit.audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'nhật ký chỉ được ghi thêm / the audit log is append-only: % refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$;
            CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON routing_audit.audit_log
                FOR EACH ROW EXECUTE FUNCTION routing_audit.audit_log_refuse_change();
            CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON routing_audit.audit_log
                FOR EACH STATEMENT EXECUTE FUNCTION routing_audit.audit_log_refuse_change();
        END IF;
    END IF;
    EXECUTE format('ALTER TABLE routing_audit.audit_log OWNER TO %I', auditor);
    EXECUTE format('ALTER FUNCTION routing_audit.audit_log_refuse_change() OWNER TO %I', auditor);
    REVOKE ALL ON SCHEMA routing_audit FROM PUBLIC;
    EXECUTE format('GRANT USAGE ON SCHEMA routing_audit TO %I', writer);
    EXECUTE format('REVOKE ALL ON routing_audit.audit_log FROM PUBLIC, %I', writer);
    EXECUTE format('GRANT SELECT, INSERT ON routing_audit.audit_log TO %I', writer);
END
$install$;
