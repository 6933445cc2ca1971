/// One sentence per figure, as docs/figures.md defines it. Reports' method notes quote these words, and a
/// test checks that docs/figures.md holds every sentence, so the documentation and the outputs cannot drift.
public enum FigureDefinitions {
    public static let fundingAYear = "Funding a year is the annual value of the funding lines running on the as-of date (started on or before it, not ended before it), or for a proposal the lines that have not ended: a yearly amount counts as given, a total award is spread evenly over its dates by days (amount × 365 ÷ days, whole pounds), and a total under a year or without both dates counts as one year."
    public static let placeFundingAYear = "A place's funding a year is the sum of the funding a year of its active initiatives other than proposals."
    public static let active = "Active initiatives are those not ended or stopped: proposed, live, paused or mainstreamed."
    public static let live = "Live initiatives are those with status live."
    public static let overlappingPair = "An overlapping pair is two active initiatives that share at least one neighbourhood or household."
    public static let linkedPair = "A linked pair is an overlapping pair whose score is the minimum score or more; clusters are groups of linked initiatives."
    public static let teams = "Teams in a neighbourhood are the distinct teams of the active initiatives working there."
    public static let fte = "FTE in a neighbourhood shares each team's FTE equally over the neighbourhoods it lists (a team listing none counts in full wherever its initiatives work)."
    public static let frontDoors = "Front doors are active initiatives with their own assessment."
    public static let pilotsNeedingDecision = "Pilots needing a decision are the proposed, live or paused pilots for which the register recommends anything but continue or coordinate, leaving out those whose recommendation is a recorded decision that still stands."
    public static let recommendedStartStop = "The recommended start:stop ratio is the register's recommended starts to its recommended stops."
    public static let startedStopped = "Started : stopped counts the initiatives that started in the three years up to the as-of date against those stopped in them (status stopped, or a stop decision dated then)."
    public static let moneyFreed = "Money freed by the recommended stops is the funding a year of the initiatives the register recommends to stop."
    public static let fundingEnds = "Funding ending in a quarter sums the annual value of each funding line ending in that calendar quarter, on or after the as-of date."
    public static let cliff = "A funding cliff is a funding line ending within the cliff window (six months by default) after the as-of date with no decision covering it; its date is the line's end."

    /// Every definition, in the order docs/figures.md gives them.
    public static let all: [String] = [fundingAYear, placeFundingAYear, active, live, overlappingPair, linkedPair, teams, fte, frontDoors,
                                       pilotsNeedingDecision, recommendedStartStop, startedStopped, moneyFreed, fundingEnds, cliff]
}
