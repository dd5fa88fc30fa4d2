using MarketingWorkflows.Analytics;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using static MarketingWorkflows.Tests.Analytics.AnalyticsDataSet;

namespace MarketingWorkflows.Tests.Analytics;

/// <summary>
/// What <see cref="IProcessAnalytics"/> must answer over <see cref="AnalyticsDataSet"/>, on every
/// store: the in-memory, SQLite and PostgreSQL test classes derive from this. Each expected figure
/// is worked out by hand from the data set's description.
/// </summary>
public abstract class AnalyticsContract
{
    private static readonly AnalyticsFilter Campaigns = new() { ProcessId = "campaign-approval" };
    private static readonly AnalyticsFilter ContentItems = new() { ProcessId = "content-review" };

    /// <summary>Gets the data set written on the store under test (built once per store).</summary>
    protected abstract Task<AnalyticsDataSet> DataSetAsync();

    /// <summary>Gets a new, empty store of the kind under test.</summary>
    protected abstract Task<IProcessStore> NewStoreAsync();

    private static TimeSpan H(double hours) => TimeSpan.FromHours(hours);

    [Fact]
    public async Task Time_in_state_counts_an_instance_back_in_a_state_once()
    {
        var set = await AnalyticsDataSet.CreateReentryAsync(await NewStoreAsync());

        // Budget review: the stay sent back (T0 + 1 h to 3 h) ended; the one since T0 + 4 h is open, 5 hours so far.
        var all = (await set.Analytics.GetTimeInStateAsync(Campaigns)).ToDictionary(r => r.State);
        all["BudgetReview"].Should().BeEquivalentTo(new { Stays = 1, Instances = 1, P50 = H(2), WorkInProgress = 1, TotalWaitHours = 7.0 });
        all["ChangesRequested"].Should().BeEquivalentTo(new { Stays = 1, Instances = 1, P50 = H(1), WorkInProgress = 0, TotalWaitHours = 1.0 });

        // A window after the send-back leaves the ended stay out; the open one still counts its instance.
        var later = (await set.Analytics.GetTimeInStateAsync(Campaigns with { From = Week(0).AddHours(3.5) })).ToDictionary(r => r.State);
        later["BudgetReview"].Should().BeEquivalentTo(new { Stays = 0, Instances = 1, WorkInProgress = 1, TotalWaitHours = 5.0 });
    }

    [Fact]
    public async Task Cycle_time_is_counted_from_start_to_the_terminal_state_by_outcome()
    {
        var analytics = (await DataSetAsync()).Analytics;

        var rows = await analytics.GetCycleTimesAsync(Campaigns);

        // Completed: i + 30 hours, plus 4 of legal review for even i: 31, 34, 35, 40, 41, 44, 45, 50.
        // Rejected: i + 3 hours for i = 4, 9, 14, 19.
        rows.Should().Equal(
            new CycleTimeRow("campaign-approval", "Completed", 8, H(40), H(50), H(50)),
            new CycleTimeRow("campaign-approval", "Rejected", 4, H(12), H(22), H(22)));
    }

    [Fact]
    public async Task Time_in_state_gives_percentiles_of_ended_stays_work_in_progress_and_a_bottleneck_ranking()
    {
        var analytics = (await DataSetAsync()).Analytics;

        var rows = await analytics.GetTimeInStateAsync(Campaigns);

        var byState = rows.ToDictionary(r => r.State);
        byState["Draft"].Should().Be(new StateTimeRow("campaign-approval", "Draft", 22, 22, H(11), H(20), 0, 253, byState["Draft"].BottleneckRank));
        byState["BudgetReview"].Should().BeEquivalentTo(new { Stays = 24, Instances = 22, P50 = H(2), P90 = H(72), WorkInProgress = 2 });
        byState["BudgetReview"].TotalWaitHours.Should().Be((H((20 * 2) + (4 * 72)) + (Now - Week(20).AddHours(21)) + (Now - Week(21).AddHours(22))).TotalHours);
        byState["LegalReview"].Should().BeEquivalentTo(new { Stays = 8, Instances = 8, P50 = H(4), P90 = H(4), WorkInProgress = 0, TotalWaitHours = 32.0 });
        byState["ChangesRequested"].Should().BeEquivalentTo(new { Stays = 4, P50 = H(1), TotalWaitHours = 4.0 });
        byState["Approved"].Should().BeEquivalentTo(new { Stays = 8, Instances = 16, P50 = H(1), WorkInProgress = 8 });
        byState["Live"].Should().BeEquivalentTo(new { Stays = 8, P50 = H(24), P90 = H(24), TotalWaitHours = 192.0 });
        byState.Should().NotContainKey("Completed", "a terminal state is never left, and nothing is in progress in it");
        rows.Select(r => r.BottleneckRank).Should().Equal(Enumerable.Range(1, rows.Count));
        rows.Select(r => r.TotalWaitHours).Should().BeInDescendingOrder();
        rows[0].State.Should().Be("Approved", "eight campaigns have waited in Approved since their approval");
    }

    [Fact]
    public async Task Approval_turnaround_runs_from_entering_the_stage_to_the_decision_by_stage_role_and_approver()
    {
        var analytics = (await DataSetAsync()).Analytics;

        var byStage = await analytics.GetApprovalTurnaroundAsync(Campaigns, TurnaroundGrouping.Stage);
        var byRole = await analytics.GetApprovalTurnaroundAsync(Campaigns, TurnaroundGrouping.Role);
        var byApprover = await analytics.GetApprovalTurnaroundAsync(Campaigns, TurnaroundGrouping.Approver);
        var content = await analytics.GetApprovalTurnaroundAsync(ContentItems, TurnaroundGrouping.Approver);

        // Finance: 20 first decisions (16 after 2 h, 4 after 72 h) and 4 second-round ones after 2 h.
        byStage.Should().Equal(
            new TurnaroundRow("campaign-approval", "BudgetReview", 24, 20, H(2), H(72), H(72)),
            new TurnaroundRow("campaign-approval", "LegalReview", 8, 8, H(4), H(4), H(4)));
        byRole.Select(r => (r.Group, r.Decisions)).Should().Equal(("finance", 24), ("legal", 8));
        byApprover.Select(r => (r.Group, r.Decisions, r.P90)).Should().Equal(("fiona", 24, H(72)), ("lea", 8, H(4)));
        content.Should().Equal(
            new TurnaroundRow("content-review", "lea", 12, 6, H(5), H(5), H(5)),
            new TurnaroundRow("content-review", "bea", 12, 6, H(3), H(3), H(3)));
    }

    [Fact]
    public async Task Each_approvers_open_queue_counts_what_waits_on_them_now()
    {
        var analytics = (await DataSetAsync()).Analytics;

        var queues = await analytics.GetApproverQueuesAsync(Campaigns);

        queues.Should().ContainSingle(q => q.Kind == "role" && q.Name == "finance")
            .Which.Should().Be(new ApproverQueueRow("role", "finance", 2, Week(20).AddHours(21)));
    }

    [Fact]
    public async Task Deadlines_met_and_breached_escalations_and_overdue_are_counted_per_state_with_a_deadline()
    {
        var analytics = (await DataSetAsync()).Analytics;

        var rows = await analytics.GetSlaAsync(Campaigns);

        rows.Should().Equal(
            new SlaRow("campaign-approval", "BudgetReview", 20, 20, 4, 4, 2),
            new SlaRow("campaign-approval", "ExecutiveApproval", 0, 0, 0, 0, 0),
            new SlaRow("campaign-approval", "LegalReview", 8, 8, 0, 0, 0));
        rows[0].MetShare.Should().BeApproximately(20.0 / 24, 1e-9);
    }

    [Fact]
    public async Task Rework_counts_rounds_send_backs_and_the_share_approved_the_first_time()
    {
        var analytics = (await DataSetAsync()).Analytics;

        var rows = await analytics.GetReworkAsync(new AnalyticsFilter());

        rows.Should().ContainEquivalentOf(new ReworkRow("campaign-approval", 22, 1, 2, 2, 4, 4, 16, 12));
        var content = rows.Should().ContainSingle(r => r.ProcessId == "content-review").Which;
        content.Should().Be(new ReworkRow("content-review", 6, 2, 3, 3, 6, 4, 6, 2));
        content.FirstTimeShare.Should().BeApproximately(1.0 / 3, 1e-9);
    }

    [Fact]
    public async Task Throughput_counts_starts_and_completions_per_week()
    {
        var analytics = (await DataSetAsync()).Analytics;

        var rows = await analytics.GetThroughputAsync(Campaigns);

        var completedWeeks = new[] { 0, 1, 4, 5, 6, 9, 10, 11, 14, 15, 16, 19 };
        rows.Should().Equal(Enumerable.Range(0, 22).Select(w => new ThroughputRow(
            "campaign-approval", DateOnly.FromDateTime(Week(w).UtcDateTime), 1, completedWeeks.Contains(w) ? 1 : 0)));
    }

    [Fact]
    public async Task Budget_sums_planned_approved_and_actual_spend_with_results_by_channel()
    {
        var analytics = (await DataSetAsync()).Analytics;

        var rows = await analytics.GetBudgetAsync(new AnalyticsFilter(), BudgetGrouping.ByDimension("channels"));

        var social = new BudgetRow("campaign-approval", "social", "EUR", 11, 11, 341_000m, 8, 232_000m, 4, 108_000m, 2_000m, 432m, 336_000m, 224_000m);
        rows.Should().Equal(
            new BudgetRow("campaign-approval", "email", "EUR", 11, 11, 330_000m, 8, 232_000m, 4, 108_000m, 2_000m, 432m, 336_000m, 224_000m),
            social with { Group = "search" },
            social);
        rows[0].ReturnOnSpend.Should().Be(1.0741m);
    }

    [Fact]
    public async Task Budget_by_region_and_by_quarter_of_the_start_date()
    {
        var analytics = (await DataSetAsync()).Analytics;

        var regions = await analytics.GetBudgetAsync(new AnalyticsFilter(), BudgetGrouping.ByDimension("regions"));
        var quarters = await analytics.GetBudgetAsync(new AnalyticsFilter(), BudgetGrouping.Quarter);

        regions.Select(r => (r.Group, r.Instances, r.Planned)).Should().Equal(("EU", 11, 330_000m), ("US", 11, 341_000m));
        quarters.Select(r => (r.Group, r.Instances, r.Planned)).Should().Equal(
            ("2026-Q4", 5, 110_000m), ("2027-Q1", 13, 13 * 20_000m + 143_000m), ("2027-Q2", 4, 80_000m + 78_000m));
    }

    [Fact]
    public async Task A_process_under_another_name_gets_budget_figures_from_the_fields_it_declares()
    {
        var set = await SponsorshipDataSet.CreateAsync(await NewStoreAsync());
        const string P = SponsorshipDataSet.ProcessId;

        // No process in the filter: every process that declares measures, here the one registered.
        var regions = await set.Analytics.GetBudgetAsync(new AnalyticsFilter(), BudgetGrouping.ByDimension("region"));
        var tracks = await set.Analytics.GetBudgetAsync(new AnalyticsFilter { ProcessId = P }, BudgetGrouping.ByDimension("tracks"));
        var quarters = await set.Analytics.GetBudgetAsync(new AnalyticsFilter(), BudgetGrouping.Quarter);

        // The fee, not the undeclared field called budget; results only for the settled one.
        var settled = new BudgetRow(P, "ai", "EUR", 2, 2, 3_000m, 2, 3_000m, 1, 900m, 50m, 40m, 4_000m, 5_000m);
        regions.Should().Equal(
            new BudgetRow(P, "EU", "EUR", 2, 2, 4_000m, 1, 1_000m, 1, 900m, 50m, 40m, 4_000m, 5_000m),
            new BudgetRow(P, "US", "EUR", 2, 1, 2_000m, 1, 2_000m, 0, 0m, 0m, 0m, 0m, 0m));
        tracks.Should().Equal(
            new BudgetRow(P, "(none)", "EUR", 2, 1, 3_000m, 0, 0m, 0, 0m, 0m, 0m, 0m, 0m),
            settled,
            settled with { Group = "cloud" });
        quarters.Select(r => (r.Group, r.Instances, r.Planned)).Should().Equal(("(none)", 1, 0m), ("2027-Q1", 1, 1_000m), ("2027-Q2", 2, 5_000m));
        quarters[0].Submitted.Should().Be(0, "the fourth was never proposed");
    }

    [Fact]
    public async Task Budget_is_refused_for_a_dimension_not_declared_and_empty_for_a_process_without_measures()
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions.Append(SponsorshipDataSet.Definition))
        {
            registry.Register(definition);
        }

        var analytics = StoreAnalytics.For(await NewStoreAsync(), registry, new ManualClock(Now));

        var undeclared = () => analytics.GetBudgetAsync(new AnalyticsFilter { ProcessId = SponsorshipDataSet.ProcessId }, BudgetGrouping.ByDimension("channels"));
        var nowhere = () => analytics.GetBudgetAsync(new AnalyticsFilter(), BudgetGrouping.ByDimension("planet"));
        var unmeasured = await analytics.GetBudgetAsync(new AnalyticsFilter { ProcessId = "content-review" }, BudgetGrouping.Quarter);

        (await undeclared.Should().ThrowAsync<ArgumentException>()).WithMessage("The process 'event-sponsorship' does not declare the dimension 'channels' under measures.dimensions; group by region, tracks or quarter.*");
        (await nowhere.Should().ThrowAsync<ArgumentException>()).WithMessage("No process declares the dimension 'planet' under measures.dimensions; group by channels, region, regions, tracks or quarter.*");
        unmeasured.Should().BeEmpty();
    }

    [Fact]
    public async Task Filters_by_data_field_window_and_definition_version_narrow_every_figure()
    {
        var analytics = (await DataSetAsync()).Analytics;

        var email = await analytics.GetCycleTimesAsync(Campaigns with { Data = new Dictionary<string, string> { ["channels"] = "email" } });
        var owner = await analytics.GetCycleTimesAsync(Campaigns with { Data = new Dictionary<string, string> { ["owner"] = "ana", ["regions"] = "US" } });
        var window = await analytics.GetCycleTimesAsync(Campaigns with { From = Week(10), To = Week(20) });
        var weeks = await analytics.GetThroughputAsync(Campaigns with { From = Week(10), To = Week(20) });
        var version2 = await analytics.GetReworkAsync(Campaigns with { DefinitionVersion = 2 });
        var version1 = await analytics.GetReworkAsync(Campaigns with { DefinitionVersion = 1 });

        email.Should().Equal(
            new CycleTimeRow("campaign-approval", "Completed", 4, H(40), H(50), H(50)),
            new CycleTimeRow("campaign-approval", "Rejected", 2, H(7), H(17), H(17)));
        owner.Should().Equal(
            new CycleTimeRow("campaign-approval", "Completed", 4, H(35), H(45), H(45)),
            new CycleTimeRow("campaign-approval", "Rejected", 2, H(12), H(22), H(22)));
        window.Should().Equal(
            new CycleTimeRow("campaign-approval", "Completed", 4, H(44), H(50), H(50)),
            new CycleTimeRow("campaign-approval", "Rejected", 2, H(17), H(22), H(22)));
        weeks.Should().HaveCount(10);
        version2.Should().BeEmpty();
        version1.Should().ContainSingle().Which.Instances.Should().Be(22);
    }

    [Fact]
    public async Task A_bad_filter_is_refused_with_the_field_that_is_wrong()
    {
        var analytics = (await DataSetAsync()).Analytics;

        var field = () => analytics.GetCycleTimesAsync(new AnalyticsFilter { Data = new Dictionary<string, string> { ["owner'; DROP TABLE x; --"] = "ana" } });
        var window = () => analytics.GetSlaAsync(new AnalyticsFilter { From = Week(3), To = Week(2) });
        var version = () => analytics.GetReworkAsync(new AnalyticsFilter { DefinitionVersion = 0 });

        (await field.Should().ThrowAsync<ArgumentException>()).WithMessage("*Data filter field 'owner'; DROP TABLE x; --' is not a field name*");
        (await window.Should().ThrowAsync<ArgumentException>()).WithMessage("*To * must be after From*");
        (await version.Should().ThrowAsync<ArgumentException>()).WithMessage("*DefinitionVersion must be 1 or more*");
    }
}
