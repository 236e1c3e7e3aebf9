/// Every problem found in the environment, reported together so an operator fixes them in one pass.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// One variable that is missing or invalid.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var variable: String
        /// A full sentence naming the variable and what is expected.
        public var message: String

        public init(variable: String, message: String) {
            self.variable = variable
            self.message = message
        }

        public var description: String { message }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }

    public var description: String {
        let noun = problems.count == 1 ? "problem" : "problems"
        return "invalid configuration (\(problems.count) \(noun)):\n" + problems.map { "  - \($0.message)" }.joined(separator: "\n")
    }
}
