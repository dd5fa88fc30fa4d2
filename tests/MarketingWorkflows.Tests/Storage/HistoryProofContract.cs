using System.Security.Cryptography;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>
/// An instance's history proves what the instance is: an edited, removed or reordered entry, or
/// a row whose state, version or data was written outside the engine, is named by verification and
/// refused for commands when the engine reads the row. Each test tampers with the store as someone
/// with access to its database could, then opens a fresh store and engine on it, so the engine
/// reads the row rather than a copy it kept. Run on every store.
/// </summary>
public abstract class HistoryProofContract
{
    private static readonly byte[] K1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] K2 = RandomNumberGenerator.GetBytes(32);

    private readonly ManualClock _clock = new(EngineHarness.Monday);

    /// <summary>Opens a store on the test's database; a database store opens a fresh one, which has kept nothing.</summary>
    protected abstract IProcessStore OpenStore();

    /// <summary>Changes the comment of a history entry, leaving its hash.</summary>
    protected abstract Task EditCommentAsync(Guid instanceId, long sequence, string comment);

    /// <summary>Sets the state in the instance's row (and its JSON), leaving the history.</summary>
    protected abstract Task ForgeStateAsync(Guid instanceId, string from, string to);

    /// <summary>Sets the campaign name in the instance's stored data, leaving the history.</summary>
    protected abstract Task ForgeNameAsync(Guid instanceId, string from, string to);

    /// <summary>Removes the entries after <paramref name="keep"/> and rewrites the row's history head and count to match.</summary>
    protected abstract Task TruncateAsync(Guid instanceId, long keep);

    /// <summary>Removes one entry.</summary>
    protected abstract Task DeleteEntryAsync(Guid instanceId, long sequence);

    /// <summary>Swaps two entries' places.</summary>
    protected abstract Task SwapEntriesAsync(Guid instanceId, long first, long second);

    /// <summary>Copies the instance's row (as a backup would).</summary>
    protected abstract Task<object> SaveRowAsync(Guid instanceId);

    /// <summary>Puts a copied row back in place of the instance's row, leaving the history.</summary>
    protected abstract Task RestoreRowAsync(Guid instanceId, object saved);

    /// <summary>Writes each entry's comment, key id, previous hash and hash over the stored one with its sequence, and the last hash as the row's head.</summary>
    protected abstract Task RewriteEntriesAsync(Guid instanceId, IReadOnlyList<HistoryEntry> entries);

    [Fact]
    public async Task Untampered_instances_verify_after_every_kind_of_command_and_take_commands_on_a_fresh_read()
    {
        var engine = Engine();
        var expiring = await engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), new Actor("olga"));
        await ShouldVerifyAsync(expiring.Id, "start");
        var campaign = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        var content = await engine.StartAsync(ContentReview.ProcessId, new ContentData { Title = "Launch email", Owner = "ana", AssetType = "email", AssetVersion = new AssetVersion(1, "https://cdn.example.com/email-v1.html") }.ToJson(), EngineHarness.Ana, links: [new InstanceLink("related", expiring.Id)]);
        await ShouldVerifyAsync(content.Id, "start with a link");
        await engine.UpdateDataAsync(new DataCommand(campaign.Id, EngineHarness.Json(new { objective = "More leads", name = "Spring launch ünïcode <&> \"quoted\"" }), EngineHarness.Ana) { Comment = "sharper" });
        await ShouldVerifyAsync(campaign.Id, "data");
        await engine.LinkAsync(campaign.Id, new InstanceLink("related", expiring.Id), EngineHarness.Ana);
        await ShouldVerifyAsync(campaign.Id, "link");
        await engine.FireAsync(new ProcessCommand(campaign.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana));
        await ShouldVerifyAsync(campaign.Id, "fire");
        await engine.DecideAsync(campaign.Id, "approved", EngineHarness.Fiona);
        await ShouldVerifyAsync(campaign.Id, "decide");
        var checklist = await engine.StartAsync(LaunchChecklist.ProcessId, new LaunchData { CampaignId = campaign.Id.ToString(), Owner = "ana", LaunchAt = EngineHarness.Monday.AddDays(21) }.ToJson(), EngineHarness.Otto, links: [new InstanceLink("campaign", campaign.Id)]);
        await engine.UpdateChecklistItemAsync(new ChecklistCommand(checklist.Id, LaunchChecklist.Items.Brief, ChecklistAction.Complete, new Actor("mara", "marketer")));
        await ShouldVerifyAsync(checklist.Id, "checklist");
        _clock.Advance(TimeSpan.FromMinutes(90));
        var reminder = (await OpenStore().GetTimersAsync(expiring.Id)).First(t => t.DueAt <= _clock.GetUtcNow());
        await engine.FireTimerAsync(reminder);
        await ShouldVerifyAsync(expiring.Id, "timer");

        // Each command reads the row afresh in a new engine, and the row matches its history.
        (await Engine().FireAsync(Schedule(campaign.Id))).Instance.State.Should().Be(CampaignApproval.States.Scheduled);
        (await Engine().UpdateChecklistItemAsync(new ChecklistCommand(checklist.Id, LaunchChecklist.Items.Copy, ChecklistAction.Complete, new Actor("cole", "content")))).Instance.Version.Should().Be(3);
        (await Engine().FireAsync(new ProcessCommand(expiring.Id, "Finish", new Actor("olga")))).Instance.State.Should().Be("Done");
        (await Engine().FireAsync(new ProcessCommand(content.Id, ContentReview.Triggers.SubmitForReview, EngineHarness.Ana))).Instance.Version.Should().Be(2);
        foreach (var id in new[] { campaign.Id, content.Id, checklist.Id, expiring.Id })
        {
            await ShouldVerifyAsync(id, "a command on a fresh read");
        }
    }

    [Fact]
    public async Task An_entry_whose_payload_was_edited_is_named_by_verification()
    {
        var id = await CampaignInBudgetReviewAsync();

        await EditCommentAsync(id, 2, "quietly changed");

        var verification = await Engine().VerifyHistoryAsync(id);
        verification.IsValid.Should().BeFalse();
        verification.FirstInvalidSequence.Should().Be(2);
        verification.Field.Should().Be("hash");
        verification.Problem.Should().Contain("entry 2");
    }

    [Fact]
    public async Task A_state_forged_in_the_row_is_refused_for_commands_and_named_by_verification()
    {
        var id = await CampaignInBudgetReviewAsync();

        // The finance approval skipped: the row says Approved, the history says BudgetReview.
        await ForgeStateAsync(id, CampaignApproval.States.BudgetReview, CampaignApproval.States.Approved);

        var engine = Engine();
        (await engine.GetAsync(id)).State.Should().Be(CampaignApproval.States.Approved, "the forged row is what the store holds");
        var schedule = () => engine.FireAsync(Schedule(id));
        var refused = (await schedule.Should().ThrowAsync<InstanceIntegrityException>()).Which;
        refused.Failure.Should().Be(CommandFailure.InstanceIntegrity);
        refused.InstanceId.Should().Be(id);
        refused.Field.Should().Be("state");
        refused.Problem.Should().Contain("'Approved'").And.Contain("'BudgetReview'");
        await schedule.Should().ThrowAsync<InstanceIntegrityException>("the refusal stands until an operator restores the row");

        var verification = await engine.VerifyHistoryAsync(id);
        verification.IsValid.Should().BeFalse();
        verification.Field.Should().Be("state");
        verification.FirstInvalidSequence.Should().Be(2);
        (await engine.GetHistoryAsync(id)).Should().HaveCount(2, "nothing was applied");

        // Restored (here: the state set back), the instance takes commands again.
        await ForgeStateAsync(id, CampaignApproval.States.Approved, CampaignApproval.States.BudgetReview);
        (await Engine().DecideAsync(id, "approved", EngineHarness.Fiona)).Instance.State.Should().Be(CampaignApproval.States.Approved);
    }

    [Fact]
    public async Task Data_changed_in_the_row_is_refused_and_named()
    {
        var id = await CampaignInBudgetReviewAsync();

        await ForgeNameAsync(id, "Spring launch", "Autumn launch");

        var engine = Engine();
        var decide = () => engine.DecideAsync(id, "approved", EngineHarness.Fiona);
        (await decide.Should().ThrowAsync<InstanceIntegrityException>()).Which.Field.Should().Be("data");
        (await engine.VerifyHistoryAsync(id)).Field.Should().Be("data");
    }

    [Fact]
    public async Task The_last_entries_removed_with_the_head_and_count_rewritten_are_detected()
    {
        var id = await CampaignInBudgetReviewAsync();
        await Engine().DecideAsync(id, "approved", EngineHarness.Fiona);

        // The approval's entry gone, the row's head and count made to match what is left.
        await TruncateAsync(id, 2);

        var engine = Engine();
        var verification = await engine.VerifyHistoryAsync(id);
        verification.IsValid.Should().BeFalse();
        verification.Field.Should().Be("state");
        verification.Problem.Should().Contain("'Approved'").And.Contain("'BudgetReview'");
        var schedule = () => engine.FireAsync(Schedule(id));
        (await schedule.Should().ThrowAsync<InstanceIntegrityException>()).Which.Field.Should().Be("state");
    }

    [Fact]
    public async Task A_last_entry_removed_that_did_not_change_the_state_is_caught_by_the_version()
    {
        var id = await CampaignInBudgetReviewAsync();
        var other = await Engine().StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(5_000).ToJson(), EngineHarness.Ana);
        await Engine().LinkAsync(id, new InstanceLink("related", other.Id), EngineHarness.Ana);

        await TruncateAsync(id, 2);

        var verification = await Engine().VerifyHistoryAsync(id);
        verification.IsValid.Should().BeFalse();
        verification.Field.Should().Be("version");
        verification.Problem.Should().Contain("version 3").And.Contain("says 2");
    }

    [Fact]
    public async Task A_row_put_back_from_before_its_last_commands_is_refused_not_mistaken_for_a_concurrent_commit()
    {
        var id = await CampaignInBudgetReviewAsync();
        var saved = await SaveRowAsync(id);
        await Engine().DecideAsync(id, "approved", EngineHarness.Fiona);

        // The row from before the approval: its history has an entry more than the row says.
        await RestoreRowAsync(id, saved);

        var engine = Engine();
        var withdraw = () => engine.FireAsync(new ProcessCommand(id, CampaignApproval.Triggers.Withdraw, EngineHarness.Ana));
        (await withdraw.Should().ThrowAsync<InstanceIntegrityException>()).Which.Field.Should().Be("historyCount");
        var verification = await engine.VerifyHistoryAsync(id);
        verification.Field.Should().Be("historyCount");
        verification.Problem.Should().Contain("records 2 history entries, but its last entry is number 3");
    }

    [Fact]
    public async Task Entries_reordered_in_the_middle_are_detected()
    {
        var id = await CampaignWithFourEntriesAsync();

        await SwapEntriesAsync(id, 2, 3);

        var verification = await Engine().VerifyHistoryAsync(id);
        verification.IsValid.Should().BeFalse();
        verification.FirstInvalidSequence.Should().Be(2);
        verification.Field.Should().Be("previousHash");
    }

    [Fact]
    public async Task An_entry_removed_in_the_middle_is_detected()
    {
        var id = await CampaignWithFourEntriesAsync();

        await DeleteEntryAsync(id, 2);

        var verification = await Engine().VerifyHistoryAsync(id);
        verification.IsValid.Should().BeFalse();
        verification.Field.Should().Be("sequence");
        verification.Problem.Should().Contain("entry 2 has sequence number 3");
    }

    [Fact]
    public async Task A_keyed_history_recomputed_with_plain_sha256_is_detected_when_every_entry_must_be_keyed()
    {
        var id = await CampaignInBudgetReviewAsync(Keyed(required: true));
        var history = await Engine(Keyed(required: true)).GetHistoryAsync(id);
        history.Should().OnlyContain(e => e.KeyId == "k1");

        await RewriteEntriesAsync(id, Rechain(history, e => e with { KeyId = null, Comment = e.Sequence == 2 ? "rewritten" : e.Comment }, _ => null));

        var engine = Engine(Keyed(required: true));
        var verification = await engine.VerifyHistoryAsync(id);
        verification.IsValid.Should().BeFalse();
        verification.FirstInvalidSequence.Should().Be(1);
        verification.Field.Should().Be("keyId");
        var decide = () => engine.DecideAsync(id, "approved", EngineHarness.Fiona);
        (await decide.Should().ThrowAsync<InstanceIntegrityException>()).Which.Field.Should().Be("keyId");
    }

    [Fact]
    public async Task Keyed_entries_followed_by_ones_recomputed_with_plain_sha256_are_detected()
    {
        var id = await CampaignInBudgetReviewAsync(Keyed());
        var history = await Engine(Keyed()).GetHistoryAsync(id);

        await RewriteEntriesAsync(id, Rechain(history, e => e.Sequence == 2 ? e with { Comment = "rewritten", KeyId = null } : e, e => e.KeyId is null ? null : K1));

        var verification = await Engine(Keyed()).VerifyHistoryAsync(id);
        verification.IsValid.Should().BeFalse();
        verification.FirstInvalidSequence.Should().Be(2);
        verification.Field.Should().Be("keyId");
    }

    [Fact]
    public async Task A_keyed_history_recomputed_with_another_key_is_detected()
    {
        var id = await CampaignInBudgetReviewAsync(Keyed());
        var history = await Engine(Keyed()).GetHistoryAsync(id);

        var another = RandomNumberGenerator.GetBytes(32);
        await RewriteEntriesAsync(id, Rechain(history, e => e.Sequence == 2 ? e with { Comment = "rewritten" } : e, _ => another));

        var engine = Engine(Keyed());
        var verification = await engine.VerifyHistoryAsync(id);
        verification.IsValid.Should().BeFalse();
        verification.FirstInvalidSequence.Should().Be(1);
        verification.Field.Should().Be("hash");
        verification.Problem.Should().Contain("'k1'");
        var decide = () => engine.DecideAsync(id, "approved", EngineHarness.Fiona);
        (await decide.Should().ThrowAsync<InstanceIntegrityException>()).Which.Field.Should().Be("hash");
    }

    [Fact]
    public async Task An_entry_keyed_with_a_key_no_longer_configured_is_named()
    {
        var id = await CampaignInBudgetReviewAsync(Keyed());

        var withoutK1 = new MarketingWorkflowsOptions { HistoryKeyId = "k2" };
        withoutK1.HistoryKeys["k2"] = K2;
        var verification = await Engine(withoutK1).VerifyHistoryAsync(id);

        verification.IsValid.Should().BeFalse();
        verification.Field.Should().Be("keyId");
        verification.Problem.Should().Be("entry 1 is keyed with 'k1', which is not configured in HistoryKeys; add that key to verify it");
    }

    [Fact]
    public async Task A_rotated_key_keys_new_entries_while_the_old_key_verifies_the_earlier_ones()
    {
        var id = await CampaignInBudgetReviewAsync(Keyed());
        var rotated = Keyed();
        rotated.HistoryKeys["k2"] = K2;
        rotated.HistoryKeyId = "k2";

        await Engine(rotated).DecideAsync(id, "approved", EngineHarness.Fiona);

        var engine = Engine(rotated);
        (await engine.GetHistoryAsync(id)).Select(e => e.KeyId).Should().Equal("k1", "k1", "k2");
        (await engine.VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
        (await engine.FireAsync(Schedule(id))).Instance.State.Should().Be(CampaignApproval.States.Scheduled);
    }

    private async Task ShouldVerifyAsync(Guid id, string after)
    {
        var engine = Engine();
        var verification = await engine.VerifyHistoryAsync(id);
        verification.IsValid.Should().BeTrue("the history of {0} is untouched after {1}: {2}", id, after, verification.Problem);
        var history = await engine.GetHistoryAsync(id);
        history.Should().OnlyContain(e => e.DataDigest != null && e.KeyId == null);
        history[^1].InstanceVersion.Should().Be((await engine.GetAsync(id)).Version);
    }

    internal static MarketingWorkflowsOptions Keyed(bool required = false)
    {
        var options = new MarketingWorkflowsOptions { HistoryKeyId = "k1", RequireKeyedHistory = required };
        options.HistoryKeys["k1"] = K1;
        return options;
    }

    /// <summary>Recomputes a history's chain after changing its entries, as someone with write access but perhaps not the key would.</summary>
    private static List<HistoryEntry> Rechain(IReadOnlyList<HistoryEntry> history, Func<HistoryEntry, HistoryEntry> change, Func<HistoryEntry, byte[]?> keyOf)
    {
        var rewritten = new List<HistoryEntry>();
        var previous = string.Empty;
        foreach (var original in history)
        {
            var entry = change(original) with { PreviousHash = previous };
            entry = entry with { Hash = HistoryChain.Compute(entry, keyOf(entry)) };
            rewritten.Add(entry);
            previous = entry.Hash;
        }

        return rewritten;
    }

    private static ProcessCommand Schedule(Guid id)
        => new(id, CampaignApproval.Triggers.Schedule, EngineHarness.Ana) { Arguments = EngineHarness.Json(new { launchAt = EngineHarness.Monday.AddDays(30) }) };

    private ProcessEngine Engine(MarketingWorkflowsOptions? options = null)
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions.Append(TimerTests.Expiring()))
        {
            registry.Register(definition);
        }

        return new ProcessEngine(registry, OpenStore(), options, _clock);
    }

    private async Task<Guid> CampaignInBudgetReviewAsync(MarketingWorkflowsOptions? options = null)
    {
        var engine = Engine(options);
        var campaign = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        await engine.FireAsync(new ProcessCommand(campaign.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { Comment = "ready for finance" });
        return campaign.Id;
    }

    private async Task<Guid> CampaignWithFourEntriesAsync()
    {
        var id = await CampaignInBudgetReviewAsync();
        var engine = Engine();
        var other = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(5_000).ToJson(), EngineHarness.Ana);
        await engine.LinkAsync(id, new InstanceLink("related", other.Id), EngineHarness.Ana);
        var third = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(6_000).ToJson(), EngineHarness.Ana);
        await engine.LinkAsync(id, new InstanceLink("related", third.Id), EngineHarness.Ana);
        return id;
    }
}
