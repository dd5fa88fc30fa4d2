using MarketingWorkflows.Definitions;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Engine.DryRun;

/// <summary>
/// A process that uses what the built-ins use little: a trigger that sets data, guards over the
/// data it set, a submitter-only trigger, rounds with a limit, a relative approver through a
/// manager, self-approval forbidden and a deadline that escalates.
/// </summary>
public static class AssetRequestProcess
{
    public const string Id = "asset-request";

    public const string Yaml = """
        id: asset-request
        version: 1
        title: Asset request
        data:
          - { name: title, type: string, required: true, minimum: 1, maximum: 80 }
          - { name: owner, type: string, required: true }
          - { name: recycleReason, type: string }
          - { name: cost, type: money, minimum: 0 }
        triggers:
          - { name: Submit, roles: [requester] }
          - { name: Withdraw, roles: [requester], submitterOnly: true }
          - name: Recycle
            roles: [requester, lead]
            setsData: true
            arguments: [{ name: recycleReason, type: string, required: true, minimum: 3 }]
          - { name: Approve }
          - { name: RequestChanges, commentRequired: true }
          - { name: Reject, commentRequired: true }
          - { name: Escalate, roles: [system] }
          - name: Deliver
            roles: [studio]
            setsData: true
            arguments: [{ name: cost, type: money, required: true, minimum: 0 }]
        states:
          - name: Draft
            initial: true
            transitions:
              - { trigger: Submit, to: Review }
              - { trigger: Recycle, internal: true, guard: "recycleReason == null" }
          - name: Review
            deadline: { duration: 8h, remindBefore: [2h], remindAfter: [1d], onTimeout: Escalate }
            approval:
              approvers: [{ role: lead }, { relative: owner.manager }]
              approve: all
              fallbackRole: head
              selfApproval: forbid
              maxRounds: 2
              onMaxRounds: Closed
              onApproved: Approved
              onRejected: Rejected
              onChangesRequested: Draft
            transitions:
              - { trigger: Withdraw, to: Draft }
              - { trigger: Escalate, internal: true }
          - name: Approved
            transitions:
              - { trigger: Deliver, to: Delivered, guard: "args.cost.amount <= 5000 or recycleReason != null" }
              - { trigger: Recycle, to: Draft, guard: "recycleReason == null" }
          - { name: Delivered, terminal: true }
          - { name: Rejected, terminal: true }
          - { name: Closed, terminal: true }
        """;

    public static ProcessDefinition Create() => YamlDefinitions.Loader.Load(Yaml, "asset-request.yaml").GetDefinitionOrThrow();
}
