import Foundation

/// Wakes a connection's thread out of `poll(2)`: a non-blocking pipe it polls next to the
/// broker's socket. Async callers signal it when they hand the thread work (an ack, a message
/// to publish, a stop), so the thread sleeps until there is something to do instead of
/// polling the socket with a short timeout.
final class Wakeup: Sendable {
    let readEnd: Int32
    private let writeEnd: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        precondition(pipe(&fds) == 0, "cannot create a wake-up pipe (errno \(errno))")
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        (readEnd, writeEnd) = (fds[0], fds[1])
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Cheap when the thread is already awake: a full pipe just drops the byte.
    func signal() {
        var one: UInt8 = 1
        _ = write(writeEnd, &one, 1)
    }

    /// Empties the pipe; call after waking, before looking at the shared state.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }
}

extension AMQPConnection {
    /// Sleeps until the broker's socket is readable, `wakeup` is signalled, or `timeout` passes.
    /// Returns at once when rabbitmq-c already holds data that `poll(2)` on the socket cannot see.
    func sleep(until wakeup: Wakeup, timeout: Duration) {
        guard !hasBufferedInput else { return }
        var fds = [
            pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeup.readEnd, events: Int16(POLLIN), revents: 0),
        ]
        let (seconds, attoseconds) = timeout.components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        _ = poll(&fds, nfds_t(fds.count), milliseconds)
        wakeup.drain()
    }
}
