using System.Collections.Generic;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>The parsed, not yet type-checked form of an expression.</summary>
internal abstract record Syntax(int Start, int Length)
{
    public int End => Start + Length;
}

internal sealed record LiteralSyntax(Token Token) : Syntax(Token.Start, Token.Length);

internal sealed record NameSyntax(string Name, int Start, int Length) : Syntax(Start, Length);

internal sealed record MemberSyntax(Syntax Target, string Name, int NameStart, int Start, int Length) : Syntax(Start, Length);

internal sealed record CallSyntax(string Name, int NameStart, IReadOnlyList<Syntax> Arguments, int Start, int Length) : Syntax(Start, Length);

internal sealed record LambdaSyntax(string Parameter, int ParameterStart, Syntax Body, int Start, int Length) : Syntax(Start, Length);

internal sealed record UnarySyntax(TokenKind Operator, Syntax Operand, int Start, int Length) : Syntax(Start, Length);

internal sealed record BinarySyntax(TokenKind Operator, int OperatorStart, Syntax Left, Syntax Right, bool Negated, int Start, int Length) : Syntax(Start, Length);

internal sealed record ListSyntax(IReadOnlyList<Syntax> Items, int Start, int Length) : Syntax(Start, Length);
