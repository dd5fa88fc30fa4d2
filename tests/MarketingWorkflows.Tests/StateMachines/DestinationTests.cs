using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

/// <summary>A transition adds a destination that was never configured only once it enters it, as Stateless does.</summary>
public class DestinationTests
{
    [Fact]
    public void A_transition_that_fails_while_leaving_does_not_add_its_unconfigured_destination()
    {
        var machine = new StateMachine<int, int>(1);
        machine.Configure(1).PermitDynamic(0, () => 2).OnExit(() => throw new InvalidOperationException("exit failed"));

        var fire = () => machine.Fire(0);

        fire.Should().Throw<InvalidOperationException>().WithMessage("exit failed");
        machine.GetInfo().States.Select(s => (int)s.UnderlyingState).Should().Equal(1);
    }

    [Fact]
    public void A_transition_that_enters_an_unconfigured_destination_adds_it()
    {
        var machine = new StateMachine<int, int>(1);
        machine.Configure(1).PermitDynamic(0, () => 2);

        machine.Fire(0);

        machine.State.Should().Be(2);
        machine.GetInfo().States.Select(s => (int)s.UnderlyingState).Should().Contain(2);
    }
}
