import ArgumentParser
import ServiceKit

// `signing <subcommand> …` runs the command line; without a subcommand the service runs.
if let first = CommandLine.arguments.dropFirst().first, SigningCommand.names.contains(first) {
    do {
        var command = try SigningCommand.parseAsRoot()
        if let action = command as? any SigningAction { try await action.execute() } else { try command.run() }
    } catch {
        SigningCommand.exit(withError: error)
    }
} else {
    await ServiceMain.run(service: "signing", migrations: SigningMigrations.all, wire: Wiring.wire)
}
