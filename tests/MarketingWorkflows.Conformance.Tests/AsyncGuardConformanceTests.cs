using Kernel = MarketingWorkflows.StateMachines.StateMachine<int, int>;
using Reference = Stateless.StateMachine<int, int>;

namespace MarketingWorkflows.Conformance.Tests;

/// <summary>
/// Asynchronous guards (PermitIfAsync, PermitReentryIfAsync) and asynchronous destination
/// selectors (PermitDynamicAsync, PermitDynamicIfAsync), configured alike on both libraries and
/// compared on what FireAsync, the permitted-trigger listings and the reflection model show.
/// </summary>
public class AsyncGuardConformanceTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 2)]
    [InlineData(0, 3)]
    [InlineData(0, 4)]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(2, 0)]
    [InlineData(3, 7)]
    [InlineData(3, 2)]
    public async Task Async_guards_and_selectors_choose_like_Stateless(int state, int argument)
    {
        var expected = await Run(new ReferenceScenario(state), argument);
        var actual = await Run(new KernelScenario(state), argument);

        actual.Should().Equal(expected);
    }

    [Fact]
    public void Reflection_lists_async_guarded_transitions_and_async_selectors_that_Stateless_leaves_out()
    {
        var expected = new ReferenceScenario(0).Info();
        var actual = new KernelScenario(0).Info();

        // Stateless's GetInfo omits transitions with asynchronous guards and shows asynchronous
        // selectors as synchronous; a diagram of the kernel's configuration shows every transition.
        expected.Should().Be("0:|4>Function[never],5>to two[];1:|2>Function[nonzero];2:|;3:|2>by argument[]");
        actual.Should().Be("0:1>1[async yes~],2>2[even~],2>3[odd~],3>0[a~&b~]|4>Function~[never],5>to two~[];1:1>0[async no~]|2>Function~[nonzero];2:2>2[positive~]|;3:5>0[yes~&no~]|2>by argument~[]");
    }

    private static async Task<List<string>> Run(IScenario scenario, int argument)
    {
        var log = new List<string> { "permitted: " + string.Join(",", (await scenario.Permitted(argument)).Order()) };
        foreach (var trigger in new[] { 1, 2, 3, 4, 5 })
        {
            var error = await Record.ExceptionAsync(() => scenario.Fire(trigger, argument));
            // TriggerNotPermittedException derives from Stateless's InvalidOperationException (a deliberate difference).
            log.Add($"fire {trigger}: state {scenario.State}" + (error is null ? "" : error is InvalidOperationException ? " refused" : $" {error.GetType().Name}"));
        }

        log.AddRange(scenario.Log);
        return log;
    }

    private interface IScenario
    {
        int State { get; }

        List<string> Log { get; }

        Task Fire(int trigger, int argument);

        Task<IEnumerable<int>> Permitted(int argument);

        string Info();
    }

    // The two scenarios below are the same text with the library swapped.
    private sealed class ReferenceScenario : IScenario
    {
        private readonly Reference _machine;
        private readonly Reference.TriggerWithParameters<int> _typed;

        public ReferenceScenario(int state)
        {
            _machine = new Reference(state);
            _typed = _machine.SetTriggerParameters<int>(2);
            for (var s = 0; s < 4; s++)
            {
                var here = s;
                _machine.Configure(s)
                    .OnEntry(t => Log.Add($"enter {here} from {t.Source}"))
                    .OnExit(t => Log.Add($"exit {here} to {t.Destination}"));
            }

            _machine.Configure(0)
                .PermitIfAsync(1, 1, async () => { await Task.Yield(); return true; }, "async yes")
                .PermitIfAsync(_typed, 2, async a => { await Task.Yield(); return a % 2 == 0; }, "even")
                .PermitIfAsync(_typed, 3, a => Task.FromResult(a % 2 == 1), "odd")
                .PermitReentryIfAsync(3, Tuple.Create<Func<Task<bool>>, string>(() => Task.FromResult(true), "a"), Tuple.Create<Func<Task<bool>>, string>(() => Task.FromResult(true), "b"))
                .PermitDynamicIfAsync(4, async () => { await Task.Yield(); return 3; }, () => false, "never")
                .PermitDynamicAsync(5, () => Task.FromResult(2), "to two");
            _machine.Configure(1)
                .PermitDynamicIfAsync(_typed, async a => { await Task.Yield(); return a % 4; }, a => a != 0, "nonzero")
                .PermitIfAsync(1, 0, () => Task.FromResult(false), "async no");
            _machine.Configure(2)
                .PermitReentryIfAsync(_typed, a => Task.FromResult(a > 0), "positive");
            _machine.Configure(3)
                .PermitDynamicAsync(_typed, a => Task.FromResult(a % 4), "by argument")
                .PermitIfAsync(5, 0, Tuple.Create<Func<Task<bool>>, string>(() => Task.FromResult(true), "yes"), Tuple.Create<Func<Task<bool>>, string>(() => Task.FromResult(false), "no"));
        }

        public int State => _machine.State;

        public List<string> Log { get; } = [];

        public Task Fire(int trigger, int argument) => trigger == 2 ? _machine.FireAsync(_typed, argument) : _machine.FireAsync(trigger);

        public Task<IEnumerable<int>> Permitted(int argument) => _machine.GetPermittedTriggersAsync(argument);

        public string Info() => string.Join(";", _machine.GetInfo().States.OrderBy(s => (int)s.UnderlyingState).Select(s =>
            $"{s.UnderlyingState}:" + string.Join(",", s.FixedTransitions.Select(f => $"{f.Trigger.UnderlyingTrigger}>{f.DestinationState.UnderlyingState}[{string.Join("&", f.GuardConditionsMethodDescriptions.Select(g => g.Description + (g.IsAsync ? "~" : "")))}]"))
            + "|" + string.Join(",", s.DynamicTransitions.Select(d => $"{d.Trigger.UnderlyingTrigger}>{d.DestinationStateSelectorDescription.Description}{(d.DestinationStateSelectorDescription.IsAsync ? "~" : "")}[{string.Join("&", d.GuardConditionsMethodDescriptions.Select(g => g.Description))}]"))));
    }

    private sealed class KernelScenario : IScenario
    {
        private readonly Kernel _machine;
        private readonly Kernel.TriggerWithParameters<int> _typed;

        public KernelScenario(int state)
        {
            _machine = new Kernel(state);
            _typed = _machine.SetTriggerParameters<int>(2);
            for (var s = 0; s < 4; s++)
            {
                var here = s;
                _machine.Configure(s)
                    .OnEntry(t => Log.Add($"enter {here} from {t.Source}"))
                    .OnExit(t => Log.Add($"exit {here} to {t.Destination}"));
            }

            _machine.Configure(0)
                .PermitIfAsync(1, 1, async () => { await Task.Yield(); return true; }, "async yes")
                .PermitIfAsync(_typed, 2, async a => { await Task.Yield(); return a % 2 == 0; }, "even")
                .PermitIfAsync(_typed, 3, a => Task.FromResult(a % 2 == 1), "odd")
                .PermitReentryIfAsync(3, Tuple.Create<Func<Task<bool>>, string>(() => Task.FromResult(true), "a"), Tuple.Create<Func<Task<bool>>, string>(() => Task.FromResult(true), "b"))
                .PermitDynamicIfAsync(4, async () => { await Task.Yield(); return 3; }, () => false, "never")
                .PermitDynamicAsync(5, () => Task.FromResult(2), "to two");
            _machine.Configure(1)
                .PermitDynamicIfAsync(_typed, async a => { await Task.Yield(); return a % 4; }, a => a != 0, "nonzero")
                .PermitIfAsync(1, 0, () => Task.FromResult(false), "async no");
            _machine.Configure(2)
                .PermitReentryIfAsync(_typed, a => Task.FromResult(a > 0), "positive");
            _machine.Configure(3)
                .PermitDynamicAsync(_typed, a => Task.FromResult(a % 4), "by argument")
                .PermitIfAsync(5, 0, Tuple.Create<Func<Task<bool>>, string>(() => Task.FromResult(true), "yes"), Tuple.Create<Func<Task<bool>>, string>(() => Task.FromResult(false), "no"));
        }

        public int State => _machine.State;

        public List<string> Log { get; } = [];

        public Task Fire(int trigger, int argument) => trigger == 2 ? _machine.FireAsync(_typed, argument) : _machine.FireAsync(trigger);

        public Task<IEnumerable<int>> Permitted(int argument) => _machine.GetPermittedTriggersAsync(argument);

        public string Info() => string.Join(";", _machine.GetInfo().States.OrderBy(s => (int)s.UnderlyingState).Select(s =>
            $"{s.UnderlyingState}:" + string.Join(",", s.FixedTransitions.Select(f => $"{f.Trigger.UnderlyingTrigger}>{f.DestinationState.UnderlyingState}[{string.Join("&", f.GuardConditionsMethodDescriptions.Select(g => g.Description + (g.IsAsync ? "~" : "")))}]"))
            + "|" + string.Join(",", s.DynamicTransitions.Select(d => $"{d.Trigger.UnderlyingTrigger}>{d.DestinationStateSelectorDescription.Description}{(d.DestinationStateSelectorDescription.IsAsync ? "~" : "")}[{string.Join("&", d.GuardConditionsMethodDescriptions.Select(g => g.Description))}]"))));
    }
}
