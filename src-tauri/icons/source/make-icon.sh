#!/usr/bin/env bash
# Draws the IntroGraph app icon source (1024x1024): three people joined by introductions,
# the path to the target highlighted. Regenerate the platform icons with:
#   (cd ui && npx tauri icon ../src-tauri/icons/source/icon.png -o ../src-tauri/icons)
set -euo pipefail
cd "$(dirname "$0")"
CONVERT=/usr/bin/convert
"$CONVERT" -size 1024x1024 xc:none \
  \( -size 1024x1024 gradient:'#4f46e5-#7c3aed' \) -compose over -composite \
  \( -size 1024x1024 xc:none -fill white -draw "roundrectangle 0,0,1023,1023,220,220" \) \
  -compose DstIn -composite -compose over \
  -stroke 'rgba(255,255,255,0.40)' -strokewidth 30 -fill none \
  -draw "line 300,700 724,700" \
  -stroke white -strokewidth 44 -draw "line 300,700 512,330" -draw "line 512,330 724,700" \
  -stroke none -fill white \
  -draw "circle 300,700 300,600" -draw "circle 512,330 512,245" \
  -fill '#fbbf24' -draw "circle 724,700 724,600" \
  icon.png
