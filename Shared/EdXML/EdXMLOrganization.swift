import Contracts

/// An organisation block (`From`, `To`): spec items 1.1 and 1.2.
public struct EdXMLOrganization: Sendable, Hashable {
    /// Mã định danh (§2), e.g. `000.00.00.H52`.
    public var organId: String
    public var organizationInCharge: String?
    public var organName: String?
    public var organAdd: String?
    public var email: String?
    public var telephone: String?
    public var fax: String?
    public var website: String?

    public init(
        organId: String, organizationInCharge: String? = nil, organName: String? = nil, organAdd: String? = nil,
        email: String? = nil, telephone: String? = nil, fax: String? = nil, website: String? = nil
    ) {
        self.organId = organId
        self.organizationInCharge = organizationInCharge
        self.organName = organName
        self.organAdd = organAdd
        self.email = email
        self.telephone = telephone
        self.fax = fax
        self.website = website
    }

    /// The organisation as the rest of the system names it.
    public var organization: Organization {
        Organization(code: organId, name: organName ?? organizationInCharge ?? "")
    }

    /// Whether `code` is a well-formed mã định danh (the rule lives in Contracts, for every service).
    public static func isValidCode(_ code: String) -> Bool { Organization.isValidCode(code) }
}

/// Số and ký hiệu of a document (item 1.3), e.g. `1234` and `UBND-KT`.
public struct EdXMLCode: Sendable, Hashable {
    public var codeNumber: String
    public var codeNotation: String

    public init(codeNumber: String, codeNotation: String) {
        self.codeNumber = codeNumber
        self.codeNotation = codeNotation
    }
}

/// Place and date of promulgation (item 1.4).
public struct EdXMLPromulgationInfo: Sendable, Hashable {
    public var place: String?
    public var promulgationDate: EdXMLDate

    public init(place: String? = nil, promulgationDate: EdXMLDate) {
        self.place = place
        self.promulgationDate = promulgationDate
    }
}

/// Document type (item 1.5): `Type` 1 = công văn in the samples; any integer is accepted.
public struct EdXMLDocumentType: Sendable, Hashable {
    public var type: Int
    public var typeDetail: Int?
    public var typeName: String?

    public init(type: Int, typeDetail: Int? = nil, typeName: String? = nil) {
        self.type = type
        self.typeDetail = typeDetail
        self.typeName = typeName
    }
}

/// The signer (item 1.8): authority prefix ("KT. CHỦ TỊCH"), position and name.
public struct EdXMLSignerInfo: Sendable, Hashable {
    public var competence: String?
    public var position: String?
    public var fullName: String?

    public init(competence: String? = nil, position: String? = nil, fullName: String? = nil) {
        self.competence = competence
        self.position = position
        self.fullName = fullName
    }
}

/// Item 1.11: priority, sphere, typist, copies, pages, appendixes.
public struct EdXMLOtherInfo: Sendable, Hashable {
    /// 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ.
    public var priority: Int?
    public var sphereOfPromulgation: String?
    public var typerNotation: String?
    public var promulgationAmount: Int?
    public var pageAmount: Int?
    public var appendixes: [String]
    public var direction: Bool?

    public init(
        priority: Int? = nil, sphereOfPromulgation: String? = nil, typerNotation: String? = nil,
        promulgationAmount: Int? = nil, pageAmount: Int? = nil, appendixes: [String] = [], direction: Bool? = nil
    ) {
        self.priority = priority
        self.sphereOfPromulgation = sphereOfPromulgation
        self.typerNotation = typerNotation
        self.promulgationAmount = promulgationAmount
        self.pageAmount = pageAmount
        self.appendixes = appendixes
        self.direction = direction
    }
}

/// The document a packet answers (item 1.12), or — in a status packet — the document the status is about.
public struct EdXMLResponseFor: Sendable, Hashable {
    public var organId: String
    /// "số/ký hiệu", e.g. `7816/VPCP-TTĐT`.
    public var code: String?
    public var promulgationDate: EdXMLDate?
    public var documentId: String?

    public init(organId: String, code: String? = nil, promulgationDate: EdXMLDate? = nil, documentId: String? = nil) {
        self.organId = organId
        self.code = code
        self.promulgationDate = promulgationDate
        self.documentId = documentId
    }
}

/// The clerk who handled a packet (`StaffInfo`).
public struct EdXMLStaffInfo: Sendable, Hashable {
    public var department: String?
    public var staff: String?
    public var mobile: String?
    public var email: String?

    public init(department: String? = nil, staff: String? = nil, mobile: String? = nil, email: String? = nil) {
        self.department = department
        self.staff = staff
        self.mobile = mobile
        self.email = email
    }
}
