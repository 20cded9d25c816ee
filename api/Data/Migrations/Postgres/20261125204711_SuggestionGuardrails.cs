using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentHelper.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SuggestionGuardrails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TitleKey",
                table: "Shares",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "UrlKey",
                table: "Shares",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "Dismissals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContactId = table.Column<Guid>(type: "uuid", nullable: false),
                    UrlKey = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Dismissals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Dismissals_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Dismissals_Contacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "Contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Dismissals_AccountId_ContactId_UrlKey",
                table: "Dismissals",
                columns: new[] { "AccountId", "ContactId", "UrlKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Dismissals_ContactId",
                table: "Dismissals",
                column: "ContactId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Dismissals");

            migrationBuilder.DropColumn(
                name: "TitleKey",
                table: "Shares");

            migrationBuilder.DropColumn(
                name: "UrlKey",
                table: "Shares");
        }
    }
}
