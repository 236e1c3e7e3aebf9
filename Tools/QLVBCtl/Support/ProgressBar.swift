import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A one-line progress bar on standard error, drawn only when standard error is a terminal (never into a pipe
/// or a log file), at most ten times a second.
final class ProgressBar {
    private let label: String
    private var total: Int64
    private var done: Int64 = 0
    private var files = 0
    private var lastDraw = 0.0
    private let start = Date()
    let enabled: Bool

    init(_ label: String, total: Int64, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.total = max(total, 0)
        self.enabled = enabled
    }

    func add(bytes: Int) { done += Int64(bytes); draw() }
    func fileDone() { files += 1; draw() }
    func setTotal(_ value: Int64) { total = value; draw(force: true) }

    func finish() {
        guard enabled else { return }
        draw(force: true)
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func draw(force: Bool = false) {
        guard enabled else { return }
        let now = Date().timeIntervalSince1970
        if !force && now - lastDraw < 0.1 { return }
        lastDraw = now
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let seconds = max(0.001, Date().timeIntervalSince(start))
        let rate = Self.size(Int64(Double(done) / seconds))
        // Without a known total (an export learns its size as it pages): no bar, the running figures only.
        let line = total > 0
            ? String(format: "\r%@ %@ %3.0f%% %d files %@ / %@ %@/s ", label, bar, fraction * 100, files, Self.size(done), Self.size(total), rate)
            : String(format: "\r%@ %d files %@ %@/s ", label, files, Self.size(done), rate)
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func size(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
