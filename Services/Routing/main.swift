import Foundation
import ServiceKit

// `routing audit …` is an operator's command; anything else starts the service.
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "audit" {
    exit(await AuditCommand.run(Array(CommandLine.arguments.dropFirst(2))))
}
await ServiceMain.run(service: "routing", migrations: RoutingMigrations.all, wire: Wiring.wire)
