@echo off
rem evalrun: the year-end assessment of rules\quangbinh.lua, then the HTML report.
chcp 65001 >nul
cd /d "%~dp0"
evalrun.exe rules\quangbinh.lua
if errorlevel 1 (
  echo.
  echo evalrun: co loi, xem thong bao o tren.
  pause
  exit /b 1
)
start "" "out\quangbinh\report.html"
