using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentHelper.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReadingList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecentArticles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    UrlKey = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Title = table.Column<string>(type: "text", nullable: true),
                    DisplayTitle = table.Column<string>(type: "text", nullable: true),
                    TitleKey = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    SiteName = table.Column<string>(type: "text", nullable: true),
                    Excerpt = table.Column<string>(type: "text", nullable: true),
                    Text = table.Column<string>(type: "text", nullable: false),
                    Tags = table.Column<List<string>>(type: "text[]", nullable: false),
                    Topics = table.Column<List<string>>(type: "text[]", nullable: false),
                    TopicWeights = table.Column<List<double>>(type: "double precision[]", nullable: false),
                    PassageVectors = table.Column<byte[]>(type: "bytea", nullable: true),
                    KeyPhraseVectors = table.Column<byte[]>(type: "bytea", nullable: true),
                    VectorModel = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PublicFriendly = table.Column<bool>(type: "boolean", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SavedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecentArticles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecentArticles_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecentArticles_AccountId_ReadAt",
                table: "RecentArticles",
                columns: new[] { "AccountId", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecentArticles_AccountId_UrlKey",
                table: "RecentArticles",
                columns: new[] { "AccountId", "UrlKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecentArticles");
        }
    }
}
