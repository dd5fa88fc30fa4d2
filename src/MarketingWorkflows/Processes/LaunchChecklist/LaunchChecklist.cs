namespace MarketingWorkflows.Processes;

/// <summary>The names of the built-in <c>launch-checklist</c> process: its id, states, triggers and items.</summary>
public static class LaunchChecklist
{
    /// <summary>The process id.</summary>
    public const string ProcessId = "launch-checklist";

    /// <summary>The states.</summary>
    public static class States
    {
        /// <summary>The superstate of every state before launch; <c>Abort</c> works in all of them.</summary>
        public const string PreLaunch = "PreLaunch";

        /// <summary>Items are being completed, reopened or waived.</summary>
        public const string Preparing = "Preparing";

        /// <summary>Every required item is done; the ops lead and the campaign owner say Go or No-go.</summary>
        public const string ReadyForGoNoGo = "ReadyForGoNoGo";

        /// <summary>Go was given; launches at <c>launchAt</c>.</summary>
        public const string Scheduled = "Scheduled";

        /// <summary>Launched; the post-launch review starts seven days later.</summary>
        public const string Launched = "Launched";

        /// <summary>The post-launch review.</summary>
        public const string PostLaunchReview = "PostLaunchReview";

        /// <summary>Closed after the review.</summary>
        public const string Closed = "Closed";

        /// <summary>Aborted before launch.</summary>
        public const string Aborted = "Aborted";

        /// <summary>Rolled back after launch.</summary>
        public const string RolledBack = "RolledBack";
    }

    /// <summary>The triggers.</summary>
    public static class Triggers
    {
        /// <summary>Says Go (the ops lead and the campaign owner must both).</summary>
        public const string Go = "Go";

        /// <summary>Says No-go (comment required): back to preparing.</summary>
        public const string NoGo = "NoGo";

        /// <summary>Asks for go/no-go again after a no-go, once what it raised is fixed outside the checklist (roles ops-lead, marketer; comment required; every required item done or waived).</summary>
        public const string AskGoNoGoAgain = "AskGoNoGoAgain";

        /// <summary>Launches (fired by the launch timer).</summary>
        public const string Launch = "Launch";

        /// <summary>Starts the post-launch review (fired seven days after launch).</summary>
        public const string StartReview = "StartReview";

        /// <summary>Closes after the review (role ops-lead).</summary>
        public const string Close = "Close";

        /// <summary>Aborts before launch (role ops-lead, comment required).</summary>
        public const string Abort = "Abort";

        /// <summary>Rolls back after launch (role ops-lead, comment required).</summary>
        public const string RollBack = "RollBack";
    }

    /// <summary>The checklist items.</summary>
    public static class Items
    {
        /// <summary>Campaign brief signed off (marketer), due 14 days before launch.</summary>
        public const string Brief = "brief";

        /// <summary>Final copy (content), after the brief.</summary>
        public const string Copy = "copy";

        /// <summary>Creative assets (design), after the brief.</summary>
        public const string Assets = "assets";

        /// <summary>Tracking links and UTM tags (analytics), after the copy.</summary>
        public const string Tracking = "tracking";

        /// <summary>Legal sign-off (legal), after copy and assets; the ops lead may waive it.</summary>
        public const string Legal = "legal";

        /// <summary>Press release (communications), optional.</summary>
        public const string Press = "press";
    }
}
