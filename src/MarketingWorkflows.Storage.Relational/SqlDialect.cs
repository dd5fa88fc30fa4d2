using System;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>
/// What differs between one database's SQL and another's, for the queries every SQL store shares:
/// the instance queries (<see cref="InstanceQuerySql"/>) and the analytics
/// (<see cref="SqlAnalyticsSource"/>). Parameters are named <c>@p0</c>, <c>@p1</c>…; a data
/// field's name is passed as a parameter, never written into the SQL, but for a field the store
/// indexes, whose name <see cref="DataFieldIndexes.Validate"/> has checked.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>Gets the literal for true in a comparison with a flag column.</summary>
    public abstract string True { get; }

    /// <summary>Gets the literal for false in a comparison with a flag column.</summary>
    public abstract string False { get; }

    /// <summary>Gets a table's name as a query names it.</summary>
    public abstract string Table(string name);

    /// <summary>Gets what to join to the instances table <c>i</c> so that <see cref="Body"/> reads its parsed body once per row.</summary>
    public virtual string BodyJoin => string.Empty;

    /// <summary>Gets the instance's body as the JSON functions take it.</summary>
    public virtual string Body => "i.body";

    /// <summary>Gets a JSON value under <paramref name="column"/> as text (NULL when missing).</summary>
    public abstract string JsonText(string column, params string[] path);

    /// <summary>Gets a JSON number under <paramref name="column"/> in hundredths, as an exact integer (NULL when missing).</summary>
    public abstract string JsonCents(string column, params string[] path);

    /// <summary>Gets instance <c>i</c>'s data (the body's <c>data</c> object) as the JSON functions take it, parsed once per row.</summary>
    public abstract string Data { get; }

    /// <summary>Gets the keyword that makes the instances CTE a materialized one when it carries <see cref="Data"/> or filters on the JSON, so that neither is computed again at each reference.</summary>
    public virtual string MaterializeData => string.Empty;

    /// <summary>Gets a condition on instance <c>i</c>: its data field is the value as text, or a list holding it.</summary>
    public abstract string DataHas(string field, string parameter);

    /// <summary>Gets a join that yields each element of the list <paramref name="field"/> of the data in <paramref name="column"/> as <c>alias.value</c> (no rows when none).</summary>
    public abstract string ListElements(string column, string field, string alias);

    /// <summary>
    /// Gets an aggregate: the nearest-rank <paramref name="percent"/>th percentile of the group's
    /// non-null <paramref name="value"/>s, that is the ⌈n·percent/100⌉-th smallest (NULL when none).
    /// </summary>
    public abstract string Percentile(string value, int percent);

    /// <summary>
    /// Gets a condition on an instance row (its JSON in the column <c>body</c>): the top-level data
    /// field the parameter <paramref name="fieldParameter"/> names equals the parameter
    /// <paramref name="valueParameter"/> — a string by its text, anything else by its JSON text.
    /// </summary>
    /// <param name="fieldParameter">The parameter that holds <see cref="DataFieldArgument"/> of the field's name.</param>
    /// <param name="valueParameter">The parameter that holds the value.</param>
    /// <returns>The condition.</returns>
    public abstract string DataFieldEquals(string fieldParameter, string valueParameter);

    /// <summary>
    /// Gets what the field parameter of <see cref="DataFieldEquals"/> holds for a data field's
    /// name: the name itself, or a JSON path that quotes it so that no name (a dot, a bracket, a
    /// quote, a backslash) reads as more path. It is passed as a parameter, never written into SQL.
    /// </summary>
    /// <param name="field">The field's name, any text.</param>
    /// <returns>The parameter's value.</returns>
    public abstract object DataFieldArgument(string field);

    /// <summary>
    /// Gets the value <see cref="DataFieldEquals"/> compares, for one data field named in the SQL
    /// text rather than by a parameter: the expression a store indexes for a field of
    /// <see cref="DataFieldIndexes"/>, and the one a query on that field compares, so that the
    /// database matches the two. Only for names <see cref="DataFieldIndexes.Validate"/> accepts.
    /// </summary>
    /// <param name="field">The field's name, letters, digits and underscores.</param>
    /// <returns>The expression, in parentheses, over the column <c>body</c>.</returns>
    public abstract string IndexedDataField(string field);

    /// <summary>Gets an instance id as the store's columns hold it.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The value to compare the columns with.</returns>
    public virtual object Id(Guid id) => id;

    /// <summary>
    /// Gets whether the database reads a UNION ALL under one ORDER BY by merging its branches in
    /// the order their indexes give them, stopping after the rows it needs (SQLite does). When
    /// not (the default), each branch is ordered and cut to a page on its own, which is how
    /// PostgreSQL merges them without a sort (Merge Append).
    /// </summary>
    public virtual bool MergesUnionInIndexOrder => false;

    /// <summary>Gets the clause that ends a query with one page of its rows.</summary>
    /// <param name="take">The parameter that holds how many rows to take.</param>
    /// <param name="skip">The parameter that holds how many rows to skip first.</param>
    /// <returns>The clause.</returns>
    public virtual string Page(string take, string skip) => $"LIMIT {take} OFFSET {skip}";
}
