using MarketingWorkflows.Cli;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Tests.Engine;
using MarketingWorkflows.Tests.Engine.Migrations;
using MarketingWorkflows.Tests.Sqlite;

namespace MarketingWorkflows.Tests.Cli;

/// <summary><c>mwf migrate</c> against a SQLite file, with both versions in a definitions folder.</summary>
public sealed class MigrateCommandTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private string _definitions = string.Empty;
    private Guid _inReview;

    public async Task InitializeAsync()
    {
        _definitions = Path.Combine(_database.Folder, "definitions");
        Directory.CreateDirectory(_definitions);
        await File.WriteAllTextAsync(Path.Combine(_definitions, "campaign-approval.v1.json"), BuiltInProcesses.GetSource(CampaignApproval.ProcessId));
        await File.WriteAllTextAsync(Path.Combine(_definitions, "campaign-approval.v2.json"), CampaignVersions.V2().ToJson());
        var engine = new ProcessEngine(CampaignVersions.Registry(CampaignVersions.V2()), _database.OpenStore(), timeProvider: new ManualClock(EngineHarness.Monday));
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(20_000).ToJson(), EngineHarness.Ana, version: 1);
        _inReview = (await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana))).Instance.Id;
    }

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task A_dry_run_prints_a_row_per_instance_with_its_notes_and_changes_nothing()
    {
        var (code, output, error) = await RunAsync("--default", "brandGuide=2026 brand book", "--dry-run");

        code.Should().Be(0, error);
        var lines = output.Split('\n');
        lines[0].Should().Be("campaign-approval v1 -> v2 (dry run, nothing changed): 1 would move, 0 refused");
        lines[1].Should().MatchRegex("^INSTANCE +FROM +TO +OUTCOME$");
        lines[2].Should().MatchRegex($"^{_inReview} +BudgetReview +BudgetReview +would migrate$");
        output.Should().Contain("    - data field 'brandGuide' set to \"2026 brand book\" (the plan's default)");
        (await _database.OpenStore().GetAsync(_inReview))!.DefinitionVersion.Should().Be(1);
    }

    [Fact]
    public async Task Without_dry_run_the_instances_move_and_their_history_verifies()
    {
        var (code, output, error) = await RunAsync("--default", "brandGuide=\"2026 brand book\"", "--map", "BudgetReview=BudgetReview", "--as", "alex");

        code.Should().Be(0, error);
        output.Should().Contain("1 moved, 0 refused").And.Contain("migrated");
        var store = _database.OpenStore();
        var instance = await store.GetAsync(_inReview);
        (instance!.DefinitionVersion, instance.State).Should().Be((2, CampaignApproval.States.BudgetReview));
        var history = await store.GetHistoryAsync(_inReview);
        (history[^1].Kind, history[^1].Actor).Should().Be((HistoryKind.Migrated, "alex"));
        var engine = new ProcessEngine(CampaignVersions.Registry(CampaignVersions.V2()), store);
        (await engine.VerifyHistoryAsync(_inReview)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task A_plan_that_does_not_fit_prints_every_problem_and_exits_one()
    {
        var (code, _, error) = await RunAsync("--map", "Nowhere=Draft", "--dry-run");

        code.Should().Be(1);
        error.Should().Contain("does not fit; nothing was changed")
            .And.Contain("  states.Nowhere: 'Nowhere' is not a state of version 1")
            .And.Contain("  dataDefaults.brandGuide: version 2 requires 'brandGuide'");
    }

    [Fact]
    public async Task A_store_that_is_not_there_is_an_error_not_a_new_database()
    {
        var missing = Path.Combine(_database.Folder, "missing.db");

        var (code, _, error) = await RunAsync(["--dry-run"], store: "sqlite:" + missing);

        code.Should().Be(1);
        error.Should().Contain($"the SQLite file '{missing}' does not exist");
        File.Exists(missing).Should().BeFalse();
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] extra) => RunAsync(extra, "sqlite:" + _database.Path);

    private async Task<(int Code, string Output, string Error)> RunAsync(string[] extra, string store)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = ["migrate", "--store", store, "--process", CampaignApproval.ProcessId, "--from", "1", "--to", "2", "--definitions", _definitions, .. extra];
        var code = await MwfCommand.RunAsync(args, output, error, color: false);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }
}
