namespace MarketingWorkflows.Tests.Storage;

/// <summary>How a database says what <see cref="LargeStore.Fill"/> needs.</summary>
/// <param name="Series">A common table expression <c>n(i)</c> of the numbers 0 to <see cref="LargeStore.Size"/> - 1.</param>
/// <param name="Id">Instance number to id, as the id columns hold it.</param>
/// <param name="Text">A value as text.</param>
/// <param name="Json">Text as the body column holds it.</param>
/// <param name="True">The literal true.</param>
/// <param name="False">The literal false.</param>
/// <param name="Template">The parameter that holds <see cref="LargeStore.TemplateBody"/>.</param>
internal sealed record SeedSql(string Series, Func<string, string> Id, Func<string, string> Text, Func<string, string> Json, string True, string False, string Template);
