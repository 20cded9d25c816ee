using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentHelper.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KeepInTouch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "Topics",
                table: "Shares",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<DateTime>(
                name: "SnoozedUntil",
                table: "Contacts",
                type: "timestamp with time zone",
                nullable: true);

            // Existing contacts and accounts get implicit interests switched on, as new ones are.
            migrationBuilder.AddColumn<bool>(
                name: "UseImplicitInterests",
                table: "Contacts",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "UseImplicitInterests",
                table: "Accounts",
                type: "boolean",
                nullable: false,
                defaultValue: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Topics",
                table: "Shares");

            migrationBuilder.DropColumn(
                name: "SnoozedUntil",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "UseImplicitInterests",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "UseImplicitInterests",
                table: "Accounts");
        }
    }
}
