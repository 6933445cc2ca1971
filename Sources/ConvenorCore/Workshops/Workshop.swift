/// A workshop design, read from a `workshops/*.xml` file (namespace `urn:convenor:workshop:1`).
///
/// Holds only what the file says; clock times come from `Agenda`, the place's figures from `PackData`.
public struct Workshop: Sendable, Equatable {
    public var id: String
    /// The edition of the content (not of the schema).
    public var version: Int
    /// The stated total length, breaks included.
    public var minutes: Int
    public var title: String
    public var subtitle: String?
    public var purpose: String
    public var audience: String
    public var outcomes: [String]
    public var preparation: [String]
    /// Sessions and breaks, in the order they happen.
    public var runningOrder: [RunningOrderItem]
    /// Where the file was read from (a path, or `workshops/<id>.xml` for a built-in one).
    public var source: String
    /// Line of the root element, for messages about the workshop as a whole.
    public var line: Int

    public init(id: String, version: Int, minutes: Int, title: String, subtitle: String? = nil, purpose: String,
                audience: String, outcomes: [String], preparation: [String], runningOrder: [RunningOrderItem],
                source: String, line: Int = 1) {
        self.id = id
        self.version = version
        self.minutes = minutes
        self.title = title
        self.subtitle = subtitle
        self.purpose = purpose
        self.audience = audience
        self.outcomes = outcomes
        self.preparation = preparation
        self.runningOrder = runningOrder
        self.source = source
        self.line = line
    }

    public var sessions: [WorkshopSession] {
        runningOrder.compactMap { if case .session(let s) = $0 { s } else { nil } }
    }

    /// Sum of every session's and break's minutes.
    public var scheduledMinutes: Int { runningOrder.reduce(0) { $0 + $1.minutes } }
}

public enum RunningOrderItem: Sendable, Equatable {
    case session(WorkshopSession)
    case breakTime(WorkshopBreak)

    public var minutes: Int {
        switch self {
        case .session(let s): s.minutes
        case .breakTime(let b): b.minutes
        }
    }
}

public struct WorkshopBreak: Sendable, Equatable {
    public var minutes: Int
    /// "Coffee", "Lunch".
    public var label: String
    public var line: Int

    public init(minutes: Int, label: String, line: Int = 0) {
        self.minutes = minutes
        self.label = label
        self.line = line
    }
}

/// How a session is run (the schema's `method`).
public enum SessionMethod: String, Sendable, CaseIterable {
    case plenary, smallGroups = "small-groups", pairs, galleryWalk = "gallery-walk", exercise, presentation,
         discussion, individual

    /// As the agenda prints it.
    public var label: String {
        switch self {
        case .plenary: "Plenary"
        case .smallGroups: "Small groups"
        case .pairs: "Pairs"
        case .galleryWalk: "Gallery walk"
        case .exercise: "Exercise"
        case .presentation: "Presentation"
        case .discussion: "Discussion"
        case .individual: "On your own"
        }
    }
}

/// Which of the place's figures a session puts in front of the room (the schema's `data`).
public enum SessionData: String, Sendable, CaseIterable {
    case none, register, overlap, barriers, neighbourhoods, pilots
}

public struct WorkshopSession: Sendable, Equatable {
    public var id: String
    public var minutes: Int
    public var method: SessionMethod
    public var data: SessionData
    public var title: String
    public var purpose: String
    /// Facilitator notes, one string per paragraph.
    public var notes: [String]
    public var prompts: [String]
    public var materials: [String]
    public var handout: Handout?
    /// What the room does on phones in a live session (`convenor live`), in file order.
    public var activities: [WorkshopActivity]
    public var line: Int

    public init(id: String, minutes: Int, method: SessionMethod, data: SessionData = .none, title: String,
                purpose: String, notes: [String], prompts: [String] = [], materials: [String] = [],
                handout: Handout? = nil, activities: [WorkshopActivity] = [], line: Int = 0) {
        self.id = id
        self.minutes = minutes
        self.method = method
        self.data = data
        self.title = title
        self.purpose = purpose
        self.notes = notes
        self.prompts = prompts
        self.materials = materials
        self.handout = handout
        self.activities = activities
        self.line = line
    }
}

/// A live activity in a session (the schema's `<activity>`), run by `convenor live`.
public struct WorkshopActivity: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Each participant puts each item in one pile (stop, scale, merge, continue, needs evidence).
        case cardSort = "card-sort"
        /// Each participant spreads a number of dots over the items.
        case dotVote = "dot-vote"
        /// The facilitator records the room's decision or recommendation per initiative.
        case decisions
    }

    /// The place's own things the activity is about.
    public enum Items: String, Sendable, CaseIterable {
        case pilots, registerCandidates = "register-candidates", overlapClusters = "overlap-clusters", barriers
    }

    public var id: String
    public var kind: Kind
    public var items: Items
    public var title: String
    /// What participants are asked, shown above the items.
    public var question: String?
    /// Dots per participant (dot votes).
    public var dots: Int
    /// Most dots one participant may put on one item (dot votes).
    public var perItem: Int
    public var line: Int

    public init(id: String, kind: Kind, items: Items, title: String, question: String? = nil, dots: Int = 5,
                perItem: Int = 3, line: Int = 0) {
        self.id = id
        self.kind = kind
        self.items = items
        self.title = title
        self.question = question
        self.dots = dots
        self.perItem = perItem
        self.line = line
    }
}

extension Workshop {
    /// Every live activity, in running order.
    public var activities: [WorkshopActivity] { sessions.flatMap(\.activities) }
}

/// A one-page handout: paragraphs and bullet items; consecutive items make one list.
public struct Handout: Sendable, Equatable {
    public enum Block: Sendable, Equatable {
        case paragraph(String)
        case item(String)
    }

    public var title: String
    public var blocks: [Block]

    public init(title: String, blocks: [Block]) {
        self.title = title
        self.blocks = blocks
    }

    /// Paragraphs and lists, with consecutive items grouped into one list.
    public var grouped: [HandoutPart] {
        var parts: [HandoutPart] = []
        for block in blocks {
            switch block {
            case .paragraph(let text):
                parts.append(HandoutPart(paragraph: text, items: []))
            case .item(let text):
                if let last = parts.last, last.paragraph == nil {
                    parts[parts.count - 1].items.append(text)
                } else {
                    parts.append(HandoutPart(paragraph: nil, items: [text]))
                }
            }
        }
        return parts
    }
}

/// One paragraph, or one bulleted list.
public struct HandoutPart: Sendable, Equatable {
    public var paragraph: String?
    public var items: [String]
}

/// One of the barriers to reform, for barrier cards (`workshops/barriers.xml`).
public struct Barrier: Sendable, Equatable {
    public var id: String
    /// What people say, in their words.
    public var says: String
    public var why: String
    /// What to do instead, as a headline.
    public var instead: String
    public var steps: [String]
    public var question: String

    public init(id: String, says: String, why: String, instead: String, steps: [String], question: String) {
        self.id = id
        self.says = says
        self.why = why
        self.instead = instead
        self.steps = steps
        self.question = question
    }
}
