import Foundation
import ServiceKit

if CommandLine.arguments.dropFirst().first == "check" {
    exit(await CheckCommand.run(Array(CommandLine.arguments.dropFirst(2))))
}
await ServiceMain.run(service: "intake", migrations: IntakeMigrations.all, wire: Wiring.wire)
