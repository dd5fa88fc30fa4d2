using System.Text;
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Decisions;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Definitions.Files;
using MarketingWorkflows.Yaml;
using DryRunStep = MarketingWorkflows.Engine.DryRun.DryRunStep;
using Run = MarketingWorkflows.Engine.DryRun.DryRun;

namespace MarketingWorkflows.Tests.Engine.DryRun;

/// <summary>
/// The dry run and the engine decide alike: seeded random command sequences — actors with and
/// without the right roles, arguments valid and not, data edits, delegations, links, time passing —
/// go to an in-memory engine and to a dry run of the same instance, and after every command both
/// must have accepted or refused it with the same reasons and hold the same instance, history and
/// timers. Set MWF_DIFFERENTIAL_SEED and MWF_DIFFERENTIAL_COMMANDS to run other or more cases.
/// </summary>
public class DryRunDifferentialTests
{
    private const int CommandsPerInstance = 40;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("MWF_DIFFERENTIAL_SEED"), out var seed) ? seed : 20261205;
    private static readonly int CommandsPerProcess = int.TryParse(Environment.GetEnvironmentVariable("MWF_DIFFERENTIAL_COMMANDS"), out var count) ? count : 5000;
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static TheoryData<string> Sources => new()
    {
        "built-in campaign-approval",
        "built-in content-review",
        "built-in launch-checklist",
        "example campaign-approval.yaml",
        "example content-review.yaml",
        "example launch-checklist.yaml",
        "test asset-request",
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Dry_run_and_engine_decide_every_command_alike(string source)
    {
        var (registry, definition) = Load(source);
        var world = new World(registry, definition, new Random(Seed ^ StableHash(source)));
        var commands = 0;
        for (var instance = 1; commands < CommandsPerProcess; instance++)
        {
            commands += await world.RunInstanceAsync(instance, Math.Min(CommandsPerInstance, CommandsPerProcess - commands), source);
        }

        world.Accepted.Should().BeGreaterThan(commands / 10, "a useful share of the generated commands is accepted");
        world.Refused.Should().BeGreaterThan(commands / 10, "a useful share of the generated commands is refused");
        world.StatesSeen.Count.Should().BeGreaterThan(definition.States.Count / 2, "the sequences reach most states (reached: {0})", string.Join(", ", world.StatesSeen));
    }

    private static (ProcessDefinitionRegistry Registry, ProcessDefinition Definition) Load(string source)
    {
        var registry = new ProcessDefinitionRegistry();
        var parts = source.Split(' ');
        IEnumerable<ProcessDefinition> definitions = parts[0] == "example"
            ? new[] { "campaign-approval.yaml", "content-review.yaml", "launch-checklist.yaml" }.Select(f => YamlDefinitions.Loader.LoadFile(ExampleDefinitionsTests.ExamplePath(f)).GetDefinitionOrThrow())
            : BuiltInProcesses.Definitions;
        foreach (var definition in definitions.Append(AssetRequestProcess.Create()))
        {
            registry.Register(definition);
        }

        var id = parts[0] == "example" ? Path.GetFileNameWithoutExtension(parts[1]) : parts[1];
        return (registry, registry.GetLatest(id));
    }

    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));

    /// <summary>One engine, and a dry run beside it for each instance the engine starts.</summary>
    private sealed class World(ProcessDefinitionRegistry registry, ProcessDefinition definition, Random random)
    {
        private static readonly Dictionary<string, string> Managers = new(StringComparer.Ordinal) { ["ana"] = "mike", ["lea"] = "mike", ["olga"] = "mike", ["mike"] = "cmo" };
        private readonly ManualClock _clock = new(EngineHarness.Monday);
        private readonly InMemoryProcessStore _store = new();
        private readonly MarketingWorkflowsOptions _options = new();
        private readonly CommandGenerator _generate = new(definition, random);
        private readonly List<Delegation> _delegations = [];
        private ProcessEngine? _engine;

        public int Accepted { get; private set; }

        public int Refused { get; private set; }

        public HashSet<string> StatesSeen { get; } = new(StringComparer.Ordinal);

        private ProcessEngine Engine => _engine ??= new ProcessEngine(registry, _store, _options, _clock, new Directory());

        public async Task<int> RunInstanceAsync(int number, int commands, string source)
        {
            var steps = new List<string>();
            var data = _generate.Data();
            var starter = _generate.Actor();
            steps.Add($"Start by {Describe(starter)}");
            ProcessInstance? started = null;
            ProcessCommandException? engineRefusal = null;
            try
            {
                started = await Engine.StartAsync(definition.Id, data, starter, definition.Version);
            }
            catch (ProcessCommandException ex)
            {
                engineRefusal = ex;
            }

            var dry = new Run(definition, data, _clock.GetUtcNow(), new DecisionRules(registry, _options), started?.Id, Managers);
            foreach (var delegation in _delegations)
            {
                // Delegations are the engine's, not an instance's: every dry run starts with those in force.
                dry.AddDelegation(delegation);
            }

            var dryRefusal = dry.Start(starter);
            Compare(engineRefusal, dryRefusal, "the start");
            if (started is null)
            {
                return 1;
            }

            var id = started.Id;
            for (var i = 1; i < commands; i++)
            {
                var (step, engineStep, dryStep) = Next(id, dry);
                steps.Add(step);
                try
                {
                    var (fromEngine, fromDry) = (await Capture(engineStep), dryStep());
                    Compare(fromEngine, fromDry, step);
                    if (fromEngine is null)
                    {
                        Accepted++;
                        await SameInstanceAsync(id, dry);
                    }
                    else
                    {
                        Refused++;
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw new InvalidOperationException(Reproduction(source, number, data, steps, ex.Message), ex);
                }
            }

            return commands;
        }

        private (string Step, Func<Task> Engine, Func<ProcessCommandException?> Dry) Next(Guid id, Run dry)
        {
            var instance = dry.Instance!;
            StatesSeen.Add(instance.State);
            var roll = _generate.Random.Next(100);
            if (roll < 10)
            {
                var hours = _generate.Pick([1, 3, 6, 20, 26, 49, 75]);
                return ($"after {hours}h", () => PassAsync(id, TimeSpan.FromHours(hours)), () => dry.Apply(Parse($"after {hours}h")).Refusal);
            }

            if (roll < 15)
            {
                var delegator = _generate.Actor();
                var delegateUser = _generate.Pick(CommandGenerator.Users);
                var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
                var delegation = new Delegation(delegator.UserId, delegateUser, today, today.AddDays(_generate.Random.Next(0, 5))) { Roles = delegator.Roles.Where(_ => _generate.Chance(0.7)).ToArray() };
                return ($"delegate {delegator.UserId} to {delegateUser} ({string.Join(", ", delegation.Roles)})", async () =>
                {
                    try
                    {
                        await Engine.DelegateAsync(delegation, delegator);
                        dry.AddDelegation(delegation);
                        _delegations.Add(delegation);
                    }
                    catch (ProcessCommandException)
                    {
                        // A delegation the engine refuses is in force nowhere.
                    }
                }, () => null);
            }

            if (roll < 19)
            {
                return Link(id, dry);
            }

            var actor = _generate.Actor();
            if (_generate.Chance(0.08))
            {
                actor = actor with { OnBehalfOf = _generate.Pick(CommandGenerator.Users) };
            }

            var onChecklist = definition.FindState(instance.State)?.OnChecklistComplete is not null;
            if ((roll < 27 || (onChecklist && _generate.Chance(0.6))) && definition.Checklist.Count > 0)
            {
                // Mostly an item that can be done next, so that checklists get completed.
                var ready = definition.Checklist.Where(i => Open(instance, i.Id) && i.DependsOn.All(d => !Open(instance, d))).ToList();
                var item = ready.Count > 0 && _generate.Chance(0.8) ? _generate.Pick(ready) : _generate.Pick(definition.Checklist);
                var action = _generate.Pick([ChecklistAction.Complete, ChecklistAction.Complete, ChecklistAction.Complete, ChecklistAction.Complete, ChecklistAction.Reopen, ChecklistAction.Waive]);
                actor = _generate.Actor(item.OwnerRole is null ? item.WaivableBy : [item.OwnerRole, .. item.WaivableBy], actor.UserId) with { OnBehalfOf = actor.OnBehalfOf };
                var reason = _generate.Comment();
                var command = new ChecklistCommand(id, item.Id, action, actor) { Reason = reason };
                var text = Text($"{action}:{item.Id}", actor, null, reason);
                return (text, () => Engine.UpdateChecklistItemAsync(command), () => dry.Apply(Parse(text) with { Comment = reason }).Refusal);
            }

            if (roll < 33)
            {
                var changes = _generate.Changes();
                if (_generate.Chance(0.5))
                {
                    actor = new Actor(instance.CreatedBy, actor.Roles) { OnBehalfOf = actor.OnBehalfOf };
                }

                var comment = _generate.Comment();
                var command = new DataCommand(id, changes, actor) { Comment = comment };
                var text = Text("UpdateData", actor, changes, comment);
                return (text, () => Engine.UpdateDataAsync(command), () => dry.Apply(Parse(text) with { Comment = comment }).Refusal);
            }

            var trigger = roll < 40 ? _generate.Pick(definition.Triggers) : AvailableTrigger(instance);
            // Often the people the instance waits on, so that stages close.
            var user = instance.AwaitingUsers.Count > 0 && _generate.Chance(0.4) ? _generate.Pick(instance.AwaitingUsers)
                : _generate.Chance(0.3) ? instance.Submitter ?? instance.CreatedBy
                : actor.UserId;
            var wanted = instance.AwaitingRoles.Count > 0 && _generate.Chance(0.5) ? instance.AwaitingRoles : trigger.Roles;
            actor = _generate.Actor(wanted, user) with { OnBehalfOf = actor.OnBehalfOf };
            var arguments = _generate.Arguments(trigger);
            var note = _generate.Chance(0.5) || trigger.CommentRequired ? _generate.Comment() ?? "because" : null;
            var fire = new ProcessCommand(id, trigger.Name, actor) { Arguments = arguments, Comment = note };
            var line = Text(trigger.Name, actor, arguments, note);
            return (line, () => Engine.FireAsync(fire), () => dry.Apply(Parse(line) with { Comment = note }).Refusal);
        }

        private (string, Func<Task>, Func<ProcessCommandException?>) Link(Guid id, Run dry)
        {
            var processes = DefinitionFacts.For(definition).LinkedProcesses.ToList();
            var other = registry.GetLatest(processes.Count > 0 && _generate.Chance(0.9) ? _generate.Pick(processes) : _generate.Pick(registry.GetAll().Select(d => d.Id).Distinct().ToList()));
            var state = _generate.Pick(other.States.Where(s => !other.States.Any(c => c.Parent == s.Name)).Select(s => s.Name).ToList());
            var target = new ProcessInstance
            {
                Id = Guid.NewGuid(),
                ProcessId = other.Id,
                DefinitionVersion = other.Version,
                State = state,
                Data = JsonSerializer.SerializeToElement(new { }),
                Version = 1,
                CreatedBy = "ops",
                CreatedAt = _clock.GetUtcNow(),
                UpdatedAt = _clock.GetUtcNow(),
                StateEnteredAt = _clock.GetUtcNow(),
                HistoryCount = 1,
            };
            var actor = _generate.Actor();
            var link = new InstanceLink(other.Id, target.Id);
            return ($"link {other.Id} in {state} by {Describe(actor)}", async () =>
            {
                await _store.CommitAsync(new InstanceCommit(target, null, [], null, [], null));
                await Engine.LinkAsync(id, link, actor);
            }, () => dry.Link(link, actor, target));
        }

        private static bool Open(ProcessInstance instance, string item)
            => instance.Checklist.FirstOrDefault(c => c.ItemId == item)?.Status is null or ChecklistItemStatus.Open;

        private TriggerDefinition AvailableTrigger(ProcessInstance instance)
        {
            var names = new List<string>();
            for (var state = definition.FindState(instance.State); state is not null; state = state.Parent is null ? null : definition.FindState(state.Parent))
            {
                names.AddRange(state.Transitions.Select(t => t.Trigger));
                if (state.Approval is { } stage)
                {
                    names.AddRange([stage.ApproveTrigger, stage.RejectTrigger, stage.RequestChangesTrigger, stage.ReviewTrigger]);
                }
            }

            var known = names.Select(definition.FindTrigger).OfType<TriggerDefinition>().ToList();
            if (known.Count == 0)
            {
                return _generate.Pick(definition.Triggers);
            }

            // Triggers that end the process come up less often, so that sequences go deep.
            var pick = _generate.Pick(known);
            return EndsProcess(pick.Name) && _generate.Chance(0.8) ? _generate.Pick(known) : pick;
        }

        private bool EndsProcess(string trigger)
            => definition.States.SelectMany(s => s.Transitions).Any(t => t.Trigger == trigger && t.To is { } to && definition.FindState(to)?.Terminal == true);

        /// <summary>Lets time pass on the engine as the dry run does: each due timer fires at its due time.</summary>
        private async Task PassAsync(Guid id, TimeSpan by)
        {
            var until = _clock.GetUtcNow() + by;
            while (Run.NextDue(await _store.GetTimersAsync(id), until) is { } timer)
            {
                if (timer.DueAt > _clock.GetUtcNow())
                {
                    _clock.Set(timer.DueAt);
                }

                try
                {
                    await Engine.FireTimerAsync(timer);
                }
                catch (ProcessCommandException)
                {
                    // The dry run drops a timer that cannot fire; so does this test.
                }

                if ((await _store.GetTimersAsync(id)).Any(t => t.Id == timer.Id))
                {
                    await _store.RemoveTimerAsync(timer.Id);
                }
            }

            _clock.Set(until);
        }

        private async Task SameInstanceAsync(Guid id, Run dry)
        {
            var stored = await _store.GetAsync(id);
            Json(stored).Should().Be(Json(dry.Instance), "the engine and the dry run hold the same instance");
            Json(await _store.GetHistoryAsync(id)).Should().Be(Json(dry.History), "the engine and the dry run recorded the same history");
            Timers(await _store.GetTimersAsync(id)).Should().Be(Timers(dry.Timers), "the engine and the dry run planned the same timers");
            StatesSeen.Add(stored!.State);
        }

        private static void Compare(ProcessCommandException? engine, ProcessCommandException? dry, string what)
        {
            Describe(dry).Should().Be(Describe(engine), $"the dry run decides {what} as the engine does");
        }

        private static async Task<ProcessCommandException?> Capture(Func<Task> command)
        {
            try
            {
                await command();
                return null;
            }
            catch (ProcessCommandException ex)
            {
                return ex;
            }
        }

        private static string Describe(ProcessCommandException? refusal)
            => refusal is null ? "accepted" : $"refused ({refusal.GetType().Name}): {refusal.Message}";

        private static string Describe(Actor actor) => actor.Roles.Count == 0 ? actor.UserId : $"{actor.UserId} ({string.Join(", ", actor.Roles)})";

        private static string Text(string name, Actor actor, JsonElement? arguments, string? comment)
            => $"{name} by {actor.UserId}"
                + (actor.Roles.Count == 0 ? string.Empty : $" ({string.Join(", ", actor.Roles)})")
                + (actor.OnBehalfOf is null ? string.Empty : $" for {actor.OnBehalfOf}")
                + (arguments is { } args ? $" with {args.GetRawText()}" : string.Empty)
                + (comment is null ? string.Empty : $" -- {comment}");

        private static DryRunStep Parse(string line)
        {
            DryRunStep.TryParse(line, 1, out var step, out var error).Should().BeTrue(error);
            return step;
        }

        private static string Json<T>(T value) => JsonSerializer.Serialize(value, Compact);

        private static string Timers(IEnumerable<ProcessTimer> timers)
            => string.Join("; ", timers.OrderBy(t => t.DueAt).ThenBy(t => t.Kind, StringComparer.Ordinal).Select(t => $"{t.Kind} {t.State} {t.DueAt:O} {t.Trigger}"));

        private string Reproduction(string source, int number, JsonElement data, List<string> steps, string problem)
        {
            var text = new StringBuilder();
            text.AppendLine($"The dry run and the engine disagree ({source}, seed {Seed}, instance {number}): {problem}");
            text.AppendLine($"data: {data.GetRawText()}");
            text.AppendLine($"managers: {string.Join(", ", Managers.Select(m => $"{m.Key} -> {m.Value}"))}");
            text.AppendLine("steps:");
            foreach (var step in steps)
            {
                text.AppendLine("  " + step);
            }

            return text.ToString();
        }

        private sealed class Directory : IUserDirectory
        {
            public ValueTask<string?> GetManagerAsync(string userId, CancellationToken cancellationToken = default)
                => ValueTask.FromResult(Managers.GetValueOrDefault(userId));
        }
    }
}
