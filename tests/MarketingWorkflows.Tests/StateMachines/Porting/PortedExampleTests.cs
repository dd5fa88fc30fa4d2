namespace MarketingWorkflows.Tests.StateMachines.Porting;

public class PortedExampleTests
{
    [Fact]
    public void Phone_call_runs_as_in_Stateless()
    {
        var phoneCall = new PhoneCall("Lokesh");

        phoneCall.Print();
        phoneCall.Dialed("Prameela");
        phoneCall.Connected();
        phoneCall.SetVolume(2);
        phoneCall.Hold();
        phoneCall.Mute();
        phoneCall.Unmute();
        phoneCall.Resume();
        phoneCall.SetVolume(11);
        phoneCall.Print();

        phoneCall.Current.Should().Be(PhoneCall.State.Connected);
        phoneCall.Volume.Should().Be(11);
        phoneCall.Muted.Should().BeFalse();
        phoneCall.Log.Should().Equal(
            "[Lokesh] placed call and [Status:] OffHook",
            "OnTransitioned: OffHook -> Ringing via CallDialed(Prameela)",
            "[Phone Call] placed for : [Prameela]",
            "OnTransitioned: Ringing -> Connected via CallConnected()",
            "[Timer:] Call started",
            "OnTransitioned: Connected -> OnHold via PlacedOnHold()",
            "OnTransitioned: OnHold -> Connected via TakenOffHold()",
            "[Lokesh] placed call and [Status:] Connected");
    }

    [Fact]
    public void Phone_call_leaving_the_superstate_stops_the_timer()
    {
        var phoneCall = new PhoneCall("Lokesh");
        phoneCall.Dialed("Prameela");
        phoneCall.Connected();
        phoneCall.Hold();

        phoneCall.HurlAgainstWall();

        phoneCall.Current.Should().Be(PhoneCall.State.PhoneDestroyed);
        phoneCall.Log.Should().EndWith(["OnTransitioned: OnHold -> PhoneDestroyed via PhoneHurledAgainstWall()"]);
        phoneCall.Log.Should().Contain("[Timer:] Call ended");
        phoneCall.Log.IndexOf("[Timer:] Call ended").Should().BeLessThan(phoneCall.Log.Count - 1);
    }

    [Fact]
    public void Phone_call_draws_a_dot_graph()
    {
        var dot = new PhoneCall("Lokesh").ToDotGraph();

        dot.Should().StartWith("digraph {").And.Contain("subgraph \"clusterConnected\"").And.Contain("\"OffHook\" -> \"Ringing\" [style=\"solid\", label=\"CallDialed / Caller number to call\"];");
    }

    [Fact]
    public void Bug_runs_as_in_Stateless()
    {
        var bug = new Bug("Incorrect stock count");

        bug.Assign("Joe");
        bug.Defer();
        bug.Assign("Harry");
        bug.Assign("Fred");
        bug.Close();

        bug.StateName.Should().Be("Closed");
        bug.Emails.Should().Equal(
            "Joe, RE Incorrect stock count: You own it.",
            "Joe, RE Incorrect stock count: You're off the hook.",
            "Harry, RE Incorrect stock count: You own it.",
            "Harry, RE Incorrect stock count: You're off the hook.",
            "Harry, RE Incorrect stock count: Don't forget to help the new employee!",
            "Fred, RE Incorrect stock count: You own it.",
            "Fred, RE Incorrect stock count: You're off the hook.");
    }

    [Fact]
    public void Bug_can_be_assigned_while_open_but_not_once_closed()
    {
        var bug = new Bug("Typo");

        bug.CanAssign.Should().BeTrue();
        bug.Assign("Joe");
        bug.Close();

        bug.CanAssign.Should().BeFalse();
    }
}
