import Storage

/// Agencies, departments, accounts, delegations and the audit log: versions 10–19.
enum PeopleMigrations {
    static let all: [Migration] = [people, AuditMigrations.auditLog, signInBySource, operatorRole, AuditMigrations.ownSchema, archivistRole]

    /// Agencies (cơ quan), departments (phòng ban), accounts (tài khoản) with roles, sign-in throttling and
    /// delegations (ủy quyền). Accounts are never deleted: a person who leaves is `left` and handed over.
    static let people = Migration(version: 10, name: "agencies, departments, users, delegations", sql: """
        CREATE TABLE agencies (
            code text PRIMARY KEY CHECK (code ~ '^[0-9A-Z]+(\\.[0-9A-Z]+){0,9}$' AND length(code) <= 35),
            name text NOT NULL CHECK (name <> ''),
            short_name text UNIQUE NOT NULL CHECK (short_name ~ '^[a-z0-9]+$'),
            created_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE departments (
            id uuid PRIMARY KEY,
            agency text NOT NULL REFERENCES agencies,
            name text NOT NULL CHECK (name <> ''),
            created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (agency, name),
            UNIQUE (id, agency)
        );

        CREATE TABLE users (
            account text PRIMARY KEY CHECK (account ~ '^[a-z0-9]+\\.[a-z0-9]+$'),
            agency text NOT NULL REFERENCES agencies,
            department_id uuid NULL REFERENCES departments,
            full_name text NOT NULL CHECK (full_name <> ''),
            -- A compound given name (tên kép) recorded by HR, e.g. 'Ngọc Ánh'; NULL: the last word of full_name.
            given_name text NULL,
            birth_year int NULL CHECK (birth_year BETWEEN 1900 AND 2100),
            roles text[] NOT NULL CHECK (roles <@ ARRAY['clerk','head','deputy','departmentHead','specialist','admin']),
            status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
            -- scrypt$N$r$p$salt$hash (base64); NULL: no password set, sign-in refused.
            password_hash text NULL,
            left_at timestamptz NULL,
            handed_over_to text NULL REFERENCES users,
            -- Art. 22.1.c: the head allows a person who left to download the account's documents.
            archive_granted_by text NULL REFERENCES users,
            archive_granted_at timestamptz NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            -- A department belongs to the user's own agency.
            FOREIGN KEY (department_id, agency) REFERENCES departments (id, agency),
            CHECK (status = 'active' OR (left_at IS NOT NULL AND handed_over_to IS NOT NULL))
        );
        CREATE INDEX users_agency ON users (agency);
        CREATE INDEX users_department ON users (department_id);

        -- Failed sign-ins by the account name typed, whether or not it exists, so a lock reveals nothing.
        CREATE TABLE sign_in_failures (
            account text PRIMARY KEY,
            failures int NOT NULL,
            locked_until timestamptz NULL,
            last_failure_at timestamptz NOT NULL
        );

        CREATE TABLE delegations (
            id uuid PRIMARY KEY,
            agency text NOT NULL REFERENCES agencies,
            delegator text NOT NULL REFERENCES users,
            delegate text NOT NULL REFERENCES users,
            starts_at timestamptz NOT NULL,
            ends_at timestamptz NOT NULL,
            status text NOT NULL CHECK (status IN ('requested', 'approved', 'refused', 'revoked')),
            reason text NULL,
            requested_by text NOT NULL REFERENCES users,
            requested_at timestamptz NOT NULL DEFAULT now(),
            approved_by text NULL REFERENCES users,
            decided_by text NULL REFERENCES users,
            decided_at timestamptz NULL,
            CHECK (ends_at > starts_at),
            CHECK (delegator <> delegate),
            CHECK (status <> 'approved' OR approved_by IS NOT NULL)
        );
        CREATE INDEX delegations_delegate ON delegations (delegate, status);
        CREATE INDEX delegations_agency ON delegations (agency, requested_at);
        """)

    /// Sign-in failures per account name and source address, and per address alone (`SignInThrottle`): a guesser
    /// locks a name for their own address only. Version 24, after the workflow's, since versions apply in order.
    static let signInBySource = Migration(version: 24, name: "sign-in failures by source address", sql: """
        ALTER TABLE sign_in_failures ADD COLUMN source text NOT NULL DEFAULT '';
        ALTER TABLE sign_in_failures DROP CONSTRAINT sign_in_failures_pkey;
        ALTER TABLE sign_in_failures ADD PRIMARY KEY (account, source);
        CREATE INDEX sign_in_failures_last ON sign_in_failures (last_failure_at);

        CREATE TABLE sign_in_source_failures (
            source text PRIMARY KEY,
            failures int NOT NULL,
            last_failure_at timestamptz NOT NULL
        );
        CREATE INDEX sign_in_source_failures_last ON sign_in_source_failures (last_failure_at);
        """)

    /// The installation's operator (`Role.operator`), apart from the agencies' admins.
    static let operatorRole = Migration(version: 31, name: "operator role", sql: """
        ALTER TABLE users DROP CONSTRAINT users_roles_check;
        ALTER TABLE users ADD CONSTRAINT users_roles_check
            CHECK (roles <@ ARRAY['clerk','head','deputy','departmentHead','specialist','admin','operator']);
        """)

    /// The agency archive's keeper (`Role.archivist`, lưu trữ cơ quan): an agency admin grants it like the other roles.
    static let archivistRole = Migration(version: 50, name: "archivist role", sql: """
        ALTER TABLE users DROP CONSTRAINT users_roles_check;
        ALTER TABLE users ADD CONSTRAINT users_roles_check
            CHECK (roles <@ ARRAY['clerk','head','deputy','departmentHead','specialist','archivist','admin','operator']);
        """)
}
