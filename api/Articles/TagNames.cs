using System.Collections.Frozen;

namespace ContentHelper.Api.Articles;

/// <summary>The HTML elements the extractor tells apart; everything else is <see cref="Other"/>.</summary>
internal enum Tag : byte
{
    Other, Text,
    Html, Head, Body, Frameset, Title, Meta, Link, Script, Style, Noscript, Template,
    A, P, Div, Section, Article, Main, Header, Footer, Aside, Nav, Form, Fieldset,
    H1, H2, H3, H4, H5, H6, Pre, Code, Blockquote, Address, Figure, Figcaption,
    Ul, Ol, Li, Dl, Dt, Dd, Table, Caption, Thead, Tbody, Tfoot, Tr, Td, Th, Col, Colgroup,
    Img, Picture, Br, Hr, Time, Span, Input, Button, Select, Textarea, Label, Option,
    Iframe, Object, Embed, Svg, Math, Video, Audio, Canvas, Dialog, Details, Summary,
    Phrasing, Base,
}

internal static class TagNames
{
    private static readonly FrozenDictionary<string, Tag> Named = new Dictionary<string, Tag>
    {
        ["html"] = Tag.Html, ["head"] = Tag.Head, ["body"] = Tag.Body, ["frameset"] = Tag.Frameset,
        ["title"] = Tag.Title, ["base"] = Tag.Base, ["meta"] = Tag.Meta, ["link"] = Tag.Link, ["script"] = Tag.Script,
        ["style"] = Tag.Style, ["noscript"] = Tag.Noscript, ["template"] = Tag.Template,
        ["a"] = Tag.A, ["p"] = Tag.P, ["div"] = Tag.Div, ["section"] = Tag.Section, ["article"] = Tag.Article,
        ["main"] = Tag.Main, ["header"] = Tag.Header, ["footer"] = Tag.Footer, ["aside"] = Tag.Aside,
        ["nav"] = Tag.Nav, ["form"] = Tag.Form, ["fieldset"] = Tag.Fieldset,
        ["h1"] = Tag.H1, ["h2"] = Tag.H2, ["h3"] = Tag.H3, ["h4"] = Tag.H4, ["h5"] = Tag.H5, ["h6"] = Tag.H6,
        ["pre"] = Tag.Pre, ["code"] = Tag.Code, ["blockquote"] = Tag.Blockquote, ["address"] = Tag.Address,
        ["figure"] = Tag.Figure, ["figcaption"] = Tag.Figcaption,
        ["ul"] = Tag.Ul, ["ol"] = Tag.Ol, ["li"] = Tag.Li, ["dl"] = Tag.Dl, ["dt"] = Tag.Dt, ["dd"] = Tag.Dd,
        ["table"] = Tag.Table, ["caption"] = Tag.Caption, ["thead"] = Tag.Thead, ["tbody"] = Tag.Tbody,
        ["tfoot"] = Tag.Tfoot, ["tr"] = Tag.Tr, ["td"] = Tag.Td, ["th"] = Tag.Th, ["col"] = Tag.Col,
        ["colgroup"] = Tag.Colgroup, ["img"] = Tag.Img, ["picture"] = Tag.Picture, ["br"] = Tag.Br,
        ["hr"] = Tag.Hr, ["time"] = Tag.Time, ["span"] = Tag.Span, ["input"] = Tag.Input,
        ["button"] = Tag.Button, ["select"] = Tag.Select, ["textarea"] = Tag.Textarea, ["label"] = Tag.Label,
        ["option"] = Tag.Option, ["iframe"] = Tag.Iframe, ["object"] = Tag.Object, ["embed"] = Tag.Embed,
        ["svg"] = Tag.Svg, ["math"] = Tag.Math, ["video"] = Tag.Video, ["audio"] = Tag.Audio,
        ["canvas"] = Tag.Canvas, ["dialog"] = Tag.Dialog, ["details"] = Tag.Details, ["summary"] = Tag.Summary,
        // Phrasing content that needs no rule of its own (Readability's PHRASING_ELEMS, less the above).
        ["abbr"] = Tag.Phrasing, ["b"] = Tag.Phrasing, ["bdo"] = Tag.Phrasing, ["bdi"] = Tag.Phrasing,
        ["cite"] = Tag.Phrasing, ["data"] = Tag.Phrasing, ["dfn"] = Tag.Phrasing, ["em"] = Tag.Phrasing,
        ["i"] = Tag.Phrasing, ["kbd"] = Tag.Phrasing, ["mark"] = Tag.Phrasing, ["q"] = Tag.Phrasing,
        ["ruby"] = Tag.Phrasing, ["samp"] = Tag.Phrasing, ["small"] = Tag.Phrasing, ["strong"] = Tag.Phrasing,
        ["sub"] = Tag.Phrasing, ["sup"] = Tag.Phrasing, ["var"] = Tag.Phrasing, ["wbr"] = Tag.Phrasing,
        ["u"] = Tag.Phrasing, ["s"] = Tag.Phrasing, ["tt"] = Tag.Phrasing, ["font"] = Tag.Phrasing,
        ["del"] = Tag.Phrasing, ["ins"] = Tag.Phrasing, ["big"] = Tag.Phrasing, ["strike"] = Tag.Phrasing,
        ["nobr"] = Tag.Phrasing, ["output"] = Tag.Phrasing, ["meter"] = Tag.Phrasing,
        ["progress"] = Tag.Phrasing,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static Tag Of(string localName) => Named.GetValueOrDefault(localName, Tag.Other);

    /// <summary>Never part of an article's text: code, styling, embeds, form controls, page chrome.</summary>
    public static bool AlwaysRemoved(Tag tag) => tag is Tag.Head or Tag.Script or Tag.Style or Tag.Noscript
        or Tag.Template or Tag.Iframe or Tag.Object or Tag.Embed or Tag.Input or Tag.Button or Tag.Select
        or Tag.Textarea or Tag.Svg or Tag.Canvas or Tag.Video or Tag.Audio or Tag.Footer or Tag.Aside
        or Tag.Dialog or Tag.Meta or Tag.Link or Tag.Title;

    /// <summary>Elements whose insides are never looked at, not even indexed.</summary>
    public static bool IsOpaque(Tag tag) => tag is Tag.Script or Tag.Style or Tag.Noscript or Tag.Template
        or Tag.Svg or Tag.Textarea or Tag.Select or Tag.Iframe or Tag.Object or Tag.Canvas or Tag.Video or Tag.Audio;

    /// <summary>Readability's DIV_TO_P_ELEMS: a &lt;div&gt; with none of these children is a paragraph.</summary>
    public static bool IsBlockForDiv(Tag tag) => tag is Tag.Blockquote or Tag.Dl or Tag.Div or Tag.Img
        or Tag.Ol or Tag.P or Tag.Pre or Tag.Table or Tag.Ul;

    /// <summary>Inline content: runs of it inside a block-holding &lt;div&gt; form an implicit paragraph.</summary>
    public static bool IsPhrasing(Tag tag) => tag is Tag.Text or Tag.Phrasing or Tag.A or Tag.Span or Tag.Code
        or Tag.Br or Tag.Time or Tag.Img or Tag.Picture or Tag.Label or Tag.Math;

    public static bool IsHeading(Tag tag) => tag is >= Tag.H1 and <= Tag.H6;

    /// <summary>Elements whose text Readability counts as "in text-ish tags" for its text-density test.</summary>
    public static bool IsTextish(Tag tag) => tag is Tag.Span or Tag.Li or Tag.Td || IsBlockForDiv(tag);

    /// <summary>Block boundaries in the plain-text output: a blank line before and after.</summary>
    public static bool IsParagraphBlock(Tag tag) => tag is Tag.P or Tag.Div or Tag.Section or Tag.Article
        or Tag.Main or Tag.Header or Tag.Pre or Tag.Blockquote or Tag.Address or Tag.Figure or Tag.Figcaption
        or Tag.Ul or Tag.Ol or Tag.Dl or Tag.Table or Tag.Caption or Tag.Form or Tag.Fieldset or Tag.Details
        or Tag.Hr or Tag.Nav or Tag.Body || IsHeading(tag);

    /// <summary>Line boundaries in the plain-text output.</summary>
    public static bool IsLineBlock(Tag tag) => tag is Tag.Li or Tag.Tr or Tag.Dt or Tag.Dd or Tag.Br or Tag.Summary
        or Tag.Option;
}
