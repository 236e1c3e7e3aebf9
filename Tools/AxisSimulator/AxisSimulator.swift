// axis-sim — a development stand-in for the document axis (Trục liên thông văn bản). Not part of
// the product: the demo and the tests use it as the axis QLVB sends to and polls, speaking the
// protocol of the government's axis SDK 2.0.3 (docs/axis.md), and to push packets into intake.
//
//   axis-sim serve    --port 8090 --dir DIR --agencies AGENCIES.tsv   serve the axis under any base path
//                     (…/XrdAdapter/adapter/sendEdoc, getReceivedEdocList, getEdoc, updateStatus, …)
//   axis-sim sample   --from CODE --to CODE [--attachment-bytes N] --out FILE   write a sample edXML packet
//   axis-sim deliver  --url http://127.0.0.1:8081/axis/deliveries FILE…   push packets into intake, print the answers
//   axis-sim deliver  --agencies AGENCIES.tsv --as SYSTEMID FILE…        send them through the axis as that agency
//   axis-sim received --agencies AGENCIES.tsv --as SYSTEMID [--out DIR [--ack]]   what waits for an agency
import ArgumentParser

@main
struct AxisSimulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "axis-sim", abstract: "Plays the document axis for the demo and the tests (development tool).",
        subcommands: [Serve.self, Sample.self, Deliver.self, Received.self, Load.self])
}
