/// Cairo could not draw or write the PDF, or an image would not decode.
public enum DrawingError: Error, Sendable, CustomStringConvertible {
    case surface(String)
    case unreadableImage

    public var description: String {
        switch self {
        case .surface(let detail): detail
        case .unreadableImage: "The image is not a readable PNG"
        }
    }
}
