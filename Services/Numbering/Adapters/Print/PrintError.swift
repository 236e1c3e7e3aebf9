/// The register could not be drawn as a PDF.
struct PrintError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
