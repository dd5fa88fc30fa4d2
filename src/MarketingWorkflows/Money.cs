namespace MarketingWorkflows;

/// <summary>An amount of money in one currency.</summary>
/// <param name="Amount">The amount.</param>
/// <param name="Currency">The ISO 4217 currency code, such as <c>EUR</c>.</param>
public readonly record struct Money(decimal Amount, string Currency)
{
    /// <summary>Formats the amount as the expression language writes it: <c>10000 EUR</c>.</summary>
    /// <returns>The formatted amount.</returns>
    public override string ToString() => Amount.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Currency;
}
