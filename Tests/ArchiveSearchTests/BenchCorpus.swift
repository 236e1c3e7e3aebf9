/// Vocabulary of the generated documents: the words of Vietnamese administrative text, the most frequent first
/// (the generator draws them with a skew, so "và", "của", "các" are everywhere and "sạt lở" is rare).
enum BenchCorpus {
    static let words: [String] = """
        và của các theo về việc năm trong được cho có với đã này những đến tại để ngày số không là một người \
        thực hiện công tác quản lý nhà nước ủy ban nhân dân tỉnh huyện xã đơn vị cơ quan báo cáo kế hoạch \
        quyết định chỉ đạo triển khai đảm bảo nội dung quy định văn bản hướng dẫn tổ chức cán bộ công chức \
        viên chức kinh tế xã hội phát triển đầu tư xây dựng dự án ngân sách tài chính kinh phí nguồn vốn \
        giải ngân thanh toán quyết toán dự toán kiểm tra thanh tra giám sát đánh giá kết quả tình hình \
        nhiệm vụ giải pháp trọng tâm mục tiêu chỉ tiêu tiến độ thời gian hoàn thành trước sau đề nghị \
        yêu cầu phối hợp chủ trì sở ban ngành đoàn thể địa phương thành phố thị trấn bản tiểu khu \
        giáo dục đào tạo y tế văn hóa thể thao du lịch nông nghiệp lâm nghiệp thủy sản chăn nuôi trồng trọt \
        tài nguyên môi trường đất đai khoáng sản nước rừng phòng cháy chữa cháy giao thông vận tải \
        công thương điện lực thương mại dịch vụ doanh nghiệp hợp tác xã lao động việc làm bảo hiểm \
        an sinh giảm nghèo bền vững dân tộc thiểu số miền núi biên giới quốc phòng an ninh trật tự \
        tư pháp hộ tịch chứng thực hành chính cải cách thủ tục một cửa liên thông trực tuyến chuyển đổi số \
        chính quyền điện tử hồ sơ lưu trữ tài liệu thông tin truyền thông báo chí xuất bản \
        thiên tai bão lũ quét sạt lở phòng chống ứng phó khắc phục hậu quả mưa lớn hạn hán rét đậm \
        cứu hộ cứu nạn di dời hộ gia đình hỗ trợ khẩn cấp lương thực cứu đói \
        tổng hợp đề xuất kiến nghị tiếp thu giải trình ý kiến góp ý dự thảo thẩm định phê duyệt ban hành \
        sửa đổi bổ sung thay thế bãi bỏ hiệu lực thi hành trách nhiệm quyền hạn cơ cấu biên chế \
        tuyển dụng bổ nhiệm điều động luân chuyển khen thưởng kỷ luật thi đua tiêu biểu xuất sắc \
        quy hoạch sử dụng đất giao đất cho thuê thu hồi bồi thường tái định cư giải phóng mặt bằng \
        cấp giấy chứng nhận quyền sử dụng tài sản gắn liền công trình nghiệm thu bàn giao \
        vốn ngân sách trung ương đối ứng vay ưu đãi chương trình mục tiêu quốc gia nông thôn mới \
        cao su cà phê chè xoài nhãn mận sơn tra dược liệu hợp tác liên kết tiêu thụ sản phẩm \
        thủy điện hồ chứa đập xả lũ vận hành an toàn công trình thủy lợi kênh mương \
        trường học phòng học giáo viên học sinh bán trú nội trú trạm y tế bác sĩ tiêm chủng dịch bệnh \
        Mường La Thuận Châu Mai Sơn Yên Châu Mộc Châu Vân Hồ Phù Yên Bắc Yên Quỳnh Nhai Sông Mã Sốp Cộp \
        Chiềng Sinh Chiềng Cơi Chiềng Ngần Hua La Tô Hiệu Quyết Thắng Quyết Tâm Chiềng Lề \
        khẩn hỏa tốc thượng khẩn mật tối mật đính kèm phụ lục biểu mẫu danh sách tổng cộng đồng \
        triệu tỷ phần trăm so với cùng kỳ tăng giảm đạt vượt chưa đạt
        """.split(separator: " ").map(String.init).filter { !$0.isEmpty }

    static let topics = [
        "lập dự toán ngân sách nhà nước", "quyết toán vốn đầu tư xây dựng cơ bản", "phòng chống lũ quét và sạt lở đất",
        "triển khai chuyển đổi số", "kiểm tra công tác văn thư lưu trữ", "giao đất cho thuê đất", "thu hồi đất giải phóng mặt bằng",
        "tuyển dụng viên chức giáo dục", "khen thưởng thành tích xuất sắc", "phòng cháy chữa cháy rừng", "tiêm chủng mở rộng",
        "báo cáo tình hình kinh tế xã hội", "cải cách thủ tục hành chính", "xây dựng nông thôn mới", "giảm nghèo bền vững",
        "đảm bảo an toàn hồ chứa thủy điện", "tiêu thụ nông sản", "cấp giấy chứng nhận quyền sử dụng đất",
        "thanh tra việc quản lý sử dụng đất đai", "phê duyệt kế hoạch sử dụng đất", "điều động luân chuyển cán bộ",
        "hỗ trợ hộ gia đình bị thiệt hại do thiên tai", "ứng phó với rét đậm rét hại", "bổ sung kinh phí sự nghiệp",
    ]
    static let places = [
        "trên địa bàn tỉnh", "huyện Mường La", "huyện Thuận Châu", "thành phố Sơn La", "huyện Mai Sơn", "huyện Mộc Châu",
        "huyện Sông Mã", "huyện Sốp Cộp", "huyện Phù Yên", "huyện Quỳnh Nhai", "các xã biên giới", "huyện Vân Hồ",
    ]
    static let senders = [
        "Sở Tài chính tỉnh Sơn La", "Sở Tài nguyên và Môi trường", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Nội vụ",
        "Sở Kế hoạch và Đầu tư", "Sở Nông nghiệp và Phát triển nông thôn", "Ủy ban nhân dân huyện Mường La",
        "Ủy ban nhân dân thành phố Sơn La", "Bộ Tài chính", "Văn phòng Chính phủ", "Công an tỉnh Sơn La",
    ]
    static let types = ["Công văn", "Quyết định", "Kế hoạch", "Báo cáo", "Thông báo", "Tờ trình", "Chỉ thị", "Giấy mời", "Công điện"]
    static let notations = ["UBND-VP", "QĐ-UBND", "STC-NS", "STNMT-ĐĐ", "SGDĐT-TCCB", "KH-UBND", "BC-UBND", "SNV-CCVC", "TB-VP"]
}
