namespace MarketingWorkflows.Processes;

/// <summary>The names of the built-in <c>campaign-approval</c> process: its id, states and triggers.</summary>
public static class CampaignApproval
{
    /// <summary>The process id.</summary>
    public const string ProcessId = "campaign-approval";

    /// <summary>The states.</summary>
    public static class States
    {
        /// <summary>The superstate of every state before launch; <c>Cancel</c> works in all of them.</summary>
        public const string Open = "Open";

        /// <summary>Being written by its owner.</summary>
        public const string Draft = "Draft";

        /// <summary>The superstate of the approval stages; <c>Withdraw</c> and <c>Escalate</c> work in all of them.</summary>
        public const string InApproval = "InApproval";

        /// <summary>Finance reviews the budget (budget of 10,000 or more).</summary>
        public const string BudgetReview = "BudgetReview";

        /// <summary>Legal reviews regulated regions and consumer SMS or email.</summary>
        public const string LegalReview = "LegalReview";

        /// <summary>The owner's manager and the CMO approve (budget of 100,000 or more).</summary>
        public const string ExecutiveApproval = "ExecutiveApproval";

        /// <summary>Sent back to the owner; resubmitting starts a new round.</summary>
        public const string ChangesRequested = "ChangesRequested";

        /// <summary>Every stage approved.</summary>
        public const string Approved = "Approved";

        /// <summary>Has a launch time.</summary>
        public const string Scheduled = "Scheduled";

        /// <summary>Running.</summary>
        public const string Live = "Live";

        /// <summary>Paused while live.</summary>
        public const string Paused = "Paused";

        /// <summary>Finished, with its actual spend and results recorded.</summary>
        public const string Completed = "Completed";

        /// <summary>Rejected in a stage.</summary>
        public const string Rejected = "Rejected";

        /// <summary>Cancelled before launch.</summary>
        public const string Cancelled = "Cancelled";
    }

    /// <summary>The triggers.</summary>
    public static class Triggers
    {
        /// <summary>Submits the draft for approval (role marketer).</summary>
        public const string Submit = "Submit";

        /// <summary>Recalls it to draft while in approval (role marketer).</summary>
        public const string Withdraw = "Withdraw";

        /// <summary>Resubmits after changes: a new round (role marketer).</summary>
        public const string Resubmit = "Resubmit";

        /// <summary>Approves in the current stage.</summary>
        public const string Approve = "Approve";

        /// <summary>Requests changes in the current stage (comment required).</summary>
        public const string RequestChanges = "RequestChanges";

        /// <summary>Rejects in the current stage (comment required).</summary>
        public const string Reject = "Reject";

        /// <summary>Escalates an overdue stage (fired by its deadline).</summary>
        public const string Escalate = "Escalate";

        /// <summary>Schedules the launch (argument <c>launchAt</c>); needs every linked content review approved.</summary>
        public const string Schedule = "Schedule";

        /// <summary>Launches; needs a linked launch checklist that said Go (role ops-lead).</summary>
        public const string Launch = "Launch";

        /// <summary>Pauses a live campaign (comment required).</summary>
        public const string Pause = "Pause";

        /// <summary>Resumes a paused campaign.</summary>
        public const string Resume = "Resume";

        /// <summary>Completes it with the post-launch review: arguments <c>actualSpend</c>, <c>actualLeads</c>, optionally <c>actualRevenue</c>.</summary>
        public const string Complete = "Complete";

        /// <summary>Cancels it from any open state (argument <c>reason</c>, comment required).</summary>
        public const string Cancel = "Cancel";
    }
}
