package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFlags(t *testing.T) {
	c, err := parseFlags(nil)
	require.NoError(t, err)
	assert.Equal(t, 3, c.rounds)
	assert.Equal(t, 5*time.Second, c.duration)
	assert.Equal(t, []int{1}, c.pipelines)
	assert.Len(t, c.endpoints, 3)
	assert.Equal(t, "iron", c.project)

	c, err = parseFlags([]string{"-rounds", "1", "-duration", "2s", "-pipeline", "1, 16,16", "-only", "iron,raw",
		"-endpoints", "json", "-server", "main=/tmp/iron-main -addr {addr}"})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 16}, c.pipelines, "duplicates dropped")
	assert.Equal(t, []string{"iron", "raw"}, c.only)
	require.Len(t, c.endpoints, 1)
	assert.Equal(t, "/json", c.endpoints[0].Path)
	require.Len(t, c.extra, 1)
	assert.Equal(t, "main", c.extra[0].Name)

	for _, bad := range [][]string{
		{"-rounds", "0"},
		{"-duration", "1500ms"},
		{"-duration", "0s"},
		{"-warmup", "-1s"},
		{"-pipeline", "0"},
		{"-pipeline", "x"},
		{"-pipeline", ","},
		{"-endpoints", "xml"},
		{"-connections", "0"},
		{"-noise", "0"},
		{"-server", "nocommand"},
		{"stray"},
	} {
		_, err := parseFlags(bad)
		assert.Error(t, err, "%q", bad)
	}
}
