/// The warning every command prints when small household counts are not suppressed (issue 8).
enum DisclosureWarning {
    static func text(threshold: Int) -> String {
        let what = threshold <= 1 ? "every household count is printed as it is, however small"
            : "only household counts below \(threshold) are suppressed (the safe default is 5)"
        return """
        warning: DISCLOSURE CONTROL IS OFF: \(what).
        warning: Small counts can identify families. These outputs are for internal analysis only:
        warning: do not publish, share or commit them.
        """
    }
}
