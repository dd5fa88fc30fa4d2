namespace MarketingWorkflows.Processes;

/// <summary>The names of the built-in <c>content-review</c> process: its id, states, triggers and decisions.</summary>
public static class ContentReview
{
    /// <summary>The process id.</summary>
    public const string ProcessId = "content-review";

    /// <summary>The states.</summary>
    public static class States
    {
        /// <summary>The superstate of every state but the terminal ones; <c>Archive</c> works in all of them.</summary>
        public const string Active = "Active";

        /// <summary>Being prepared by its author.</summary>
        public const string Draft = "Draft";

        /// <summary>Brand and legal review the current version in parallel.</summary>
        public const string InReview = "InReview";

        /// <summary>A reviewer required changes; a new version starts the next round.</summary>
        public const string ChangesRequired = "ChangesRequired";

        /// <summary>Changes were required in the third round or later: the campaign owner allows another round or rejects it.</summary>
        public const string Escalated = "Escalated";

        /// <summary>The current version is approved and locked.</summary>
        public const string Approved = "Approved";

        /// <summary>The approved version is published.</summary>
        public const string Published = "Published";

        /// <summary>Rejected by a reviewer.</summary>
        public const string Rejected = "Rejected";

        /// <summary>Archived.</summary>
        public const string Archived = "Archived";
    }

    /// <summary>The triggers.</summary>
    public static class Triggers
    {
        /// <summary>Submits the first version for review (role author).</summary>
        public const string SubmitForReview = "SubmitForReview";

        /// <summary>Records a reviewer's decision (argument <c>decision</c>, one of <see cref="Decisions"/>).</summary>
        public const string Review = "Review";

        /// <summary>Uploads a new version (argument <c>assetVersion</c>) and reopens review (role author).</summary>
        public const string NewVersion = "NewVersion";

        /// <summary>Publishes the approved version (role publisher).</summary>
        public const string Publish = "Publish";

        /// <summary>Escalates an overdue round (fired by its deadline).</summary>
        public const string Escalate = "Escalate";

        /// <summary>The campaign owner allows another round after the maximum (back to changes required).</summary>
        public const string AllowAnotherRound = "AllowAnotherRound";

        /// <summary>The campaign owner rejects the asset after the maximum rounds (comment required).</summary>
        public const string Reject = "Reject";

        /// <summary>Archives it (comment required).</summary>
        public const string Archive = "Archive";
    }

    /// <summary>The review decisions, worst last: a group's outcome is its worst decision.</summary>
    public static class Decisions
    {
        /// <summary>Approved as is.</summary>
        public const string Approved = "approved";

        /// <summary>Approved with minor edits; no new round.</summary>
        public const string ApprovedWithChanges = "approved-with-changes";

        /// <summary>Needs a new version.</summary>
        public const string ChangesRequired = "changes-required";

        /// <summary>Rejected.</summary>
        public const string Rejected = "rejected";

        /// <summary>Not this reviewer's concern; does not count.</summary>
        public const string NotRelevant = "not-relevant";
    }
}
