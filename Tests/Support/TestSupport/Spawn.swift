import Foundation

/// The process environment as tests change and pass it on. glibc's setenv may move `environ`
/// while posix_spawn copies it for a child on another thread, and the child then fails to start
/// with EFAULT (seen in CI: "cannot start …/signing: error 14"); and getenv on another thread (libpq
/// reads PGDATESTYLE and its other variables at every connection) may read it half moved (seen in
/// CI: signal 11 in getenv). So the variables the tests need are set once, by ``prepare()``, which
/// TestEnv runs before it gives out any database or broker URL — before any test connects — and
/// every later change and every spawn holds this one lock.
public enum ProcessEnvironment {
    static let lock = NSLock()

    /// The password of the test PKCS#12 keys, which the signing CLI reads from QLVB_TEST_SIGNING_PW.
    public static let signingPassword = "p12-test-secret"
    /// The SoftHSM tokens' user PIN, which the signing CLI reads from QLVB_TEST_TOKEN_PIN.
    public static let tokenPIN = "246810"
    /// The SoftHSM configuration and tokens of this test process (SOFTHSM2_CONF, read by the PKCS#11 module).
    public static let softHSMDirectory = NSTemporaryDirectory() + "softhsm-\(getpid())"

    private static let prepared: Void = {
        lock.withLock {
            _ = setenv("QLVB_TEST_SIGNING_PW", signingPassword, 1)
            _ = setenv("QLVB_TEST_TOKEN_PIN", tokenPIN, 1)
            _ = setenv("SOFTHSM2_CONF", softHSMDirectory + "/softhsm2.conf", 1)
        }
    }()

    /// Sets the tests' variables, once per process.
    public static func prepare() { prepared }

    /// setenv, while no test is starting a program; nothing when the variable already has the value (the usual
    /// case: ``prepare()`` set it), so a test's own call never moves `environ` under a running connection.
    public static func set(_ name: String, _ value: String) {
        lock.withLock {
            if let current = getenv(name), String(cString: current) == value { return }
            _ = setenv(name, value, 1)
        }
    }
}

/// posix_spawn (or posix_spawnp for a bare name, looked up on PATH) with the current environment.
/// Returns posix_spawn's error code, 0 on success.
func spawn(_ pid: inout pid_t, _ path: String, _ arguments: [String], _ actions: UnsafePointer<posix_spawn_file_actions_t>?) -> Int32 {
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    return ProcessEnvironment.lock.withLock {
        path.hasPrefix("/")
            ? posix_spawn(&pid, path, actions, nil, argv, environ) : posix_spawnp(&pid, path, actions, nil, argv, environ)
    }
}
