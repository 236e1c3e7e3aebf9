import CCairo

/// A PNG decoded by Cairo into an image surface, read from memory.
final class PNGImage {
    let surface: OpaquePointer

    init(_ data: [UInt8]) throws(DrawingError) {
        let source = ByteSource(data)
        surface = cairo_image_surface_create_from_png_stream(
            { closure, out, length in
                guard let closure, let out else { return CAIRO_STATUS_READ_ERROR }
                let src = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
                let n = Int(length)
                guard src.offset + n <= src.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                src.bytes.withUnsafeBufferPointer { out.update(from: $0.baseAddress! + src.offset, count: n) }
                src.offset += n
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(source).toOpaque())
        withExtendedLifetime(source) {}
        // A failed read still returns a (nil-image) surface; deinit destroys it, as it runs after a throw here.
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { throw .unreadableImage }
    }

    deinit { cairo_surface_destroy(surface) }

    var width: Int { Int(cairo_image_surface_get_width(surface)) }
    var height: Int { Int(cairo_image_surface_get_height(surface)) }
}

private final class ByteSource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}
