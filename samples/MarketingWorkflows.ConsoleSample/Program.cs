using System;
using MarketingWorkflows.StateMachines;
using MarketingWorkflows.StateMachines.Graph;

namespace MarketingWorkflows.ConsoleSample;

/// <summary>
/// A campaign approval on the state-machine kernel: configured once, frozen, and attached to
/// two stored campaigns. Prints each step and the diagram.
/// </summary>
internal static class Program
{
    private static void Main()
    {
        var definition = CampaignApproval.Definition;

        var spring = new Campaign("Spring launch", budget: 250_000m);
        var webinar = new Campaign("Partner webinar", budget: 4_000m);

        foreach (var campaign in new[] { spring, webinar })
        {
            var machine = definition.CreateMachine(() => campaign.State, s => campaign.State = s);
            machine.OnTransitioned(t => Console.WriteLine($"  {campaign.Name}: {t.Source} -> {t.Destination} ({t.Trigger})"));

            Console.WriteLine($"{campaign.Name}, budget {campaign.Budget:N0}:");
            machine.Fire(CampaignApproval.Submit, campaign.Budget);
            while (machine.CanFire(CampaignTrigger.Approve))
            {
                machine.Fire(CampaignTrigger.Approve);
            }

            var next = string.Join(", ", machine.PermittedTriggers);
            Console.WriteLine($"  now {campaign.State}; next: {(next.Length == 0 ? "nothing, the approval is final" : next)}");
        }

        Console.WriteLine();
        Console.WriteLine(MermaidGraph.Format(definition.GetInfo(CampaignState.Draft), MermaidGraphDirection.LeftToRight));
    }
}

internal enum CampaignState
{
    Draft,
    InApproval,
    BudgetReview,
    ExecutiveApproval,
    Approved,
    Rejected,
}

internal enum CampaignTrigger
{
    Submit,
    Approve,
    Reject,
    Reopen,
}

internal sealed class Campaign(string name, decimal budget)
{
    public string Name { get; } = name;

    public decimal Budget { get; } = budget;

    public CampaignState State { get; set; } = CampaignState.Draft;
}

internal static class CampaignApproval
{
    private static readonly StateMachine<CampaignState, CampaignTrigger> Configuration = new(CampaignState.Draft);

    public static readonly StateMachine<CampaignState, CampaignTrigger>.TriggerWithParameters<decimal> Submit =
        Configuration.SetTriggerParameters<decimal>(CampaignTrigger.Submit);

    public static readonly StateMachineDefinition<CampaignState, CampaignTrigger> Definition = Build();

    private static StateMachineDefinition<CampaignState, CampaignTrigger> Build()
    {
        Configuration.Configure(CampaignState.Draft)
            .PermitIf(Submit, CampaignState.BudgetReview, budget => budget >= 10_000m, "budget >= 10,000")
            .PermitIf(Submit, CampaignState.Approved, budget => budget < 10_000m, "budget < 10,000");

        Configuration.Configure(CampaignState.InApproval)
            .Permit(CampaignTrigger.Reject, CampaignState.Rejected);

        Configuration.Configure(CampaignState.BudgetReview)
            .SubstateOf(CampaignState.InApproval)
            .Permit(CampaignTrigger.Approve, CampaignState.ExecutiveApproval);

        Configuration.Configure(CampaignState.ExecutiveApproval)
            .SubstateOf(CampaignState.InApproval)
            .Permit(CampaignTrigger.Approve, CampaignState.Approved);

        Configuration.Configure(CampaignState.Rejected)
            .Permit(CampaignTrigger.Reopen, CampaignState.Draft);

        return Configuration.Freeze();
    }
}
