// axis-sim — a development stand-in for the document axis (Trục liên thông văn bản). Not part of
// the product: the demo and the tests use it to deliver packets to intake and to take the status
// packets dispatch sends back.
//
//   axis-sim serve   --port 8090 --dir DIR     receive status packets (POST /status), list them (GET /received)
//   axis-sim sample  --from CODE --to CODE [--attachment-bytes N] --out FILE   write a sample edXML packet
//   axis-sim deliver --url http://127.0.0.1:8081/axis/deliveries FILE…       deliver packets, print the answers
import ArgumentParser

@main
struct AxisSimulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "axis-sim", abstract: "Plays the document axis for the demo and the tests (development tool).",
        subcommands: [Serve.self, Sample.self, Deliver.self, Load.self])
}
