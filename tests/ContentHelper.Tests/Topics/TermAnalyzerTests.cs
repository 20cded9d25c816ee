using ContentHelper.Api.Topics;

namespace ContentHelper.Tests.Topics;

public sealed class TermAnalyzerTests
{
    [Theory]
    [InlineData("elections", "election")]
    [InlineData("Premier Leagues", "premier league")]
    [InlineData("organisations", "organization")]
    [InlineData("universities", "university")]
    [InlineData("communities", "community")]
    public void InflectedFormsShareAStem(string a, string b) =>
        Assert.Equal(TermAnalyzer.ContentStems(b), TermAnalyzer.ContentStems(a));

    [Theory]
    [InlineData("news", "new")]
    [InlineData("organization", "organ")]
    [InlineData("university", "universe")]
    [InlineData("community", "communication")]
    [InlineData("united", "unit")]
    [InlineData("politics", "polite")]
    public void WordsPorterWouldConflateStayApart(string a, string b) =>
        Assert.NotEqual(TermAnalyzer.ContentStems(a), TermAnalyzer.ContentStems(b));
}
